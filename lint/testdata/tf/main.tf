# opex:ignore echo-input reason="greeting is public"
resource "terraform_data" "a" {
  input = "hello"
}

resource "terraform_data" "d" {
  // opex:ignore echo-input until=2030-01-01 reason="kept on purpose"
  input = "kept"

  lifecycle {
    prevent_destroy = true
  }
}

# opex:ignore unprotected-data reason="app data is rebuilt from source"
module "app" {
  source = "./modules/app"
}

resource "terraform_data" "leak" {
  # opex:ignore echo-input until=2020-01-31 reason="temporary"
  input = var.copy
}

variable "copy" {
  type = string
}
