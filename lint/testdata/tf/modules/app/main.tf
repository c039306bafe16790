resource "terraform_data" "b" {
  for_each = toset(["k"])
  input    = each.key
}
