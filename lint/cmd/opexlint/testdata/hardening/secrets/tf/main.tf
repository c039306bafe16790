variable "db_password" {
  type      = string
  sensitive = true
  default   = "opex-secret-hcl-default-1212"
}

resource "terraform_data" "db" {
  input = var.db_password
}

output "password" {
  value     = terraform_data.db.output
  sensitive = true
}
