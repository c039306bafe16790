variable "region" {
  type = string
}

resource "aws_s3_bucket" "data" {
  bucket = "data-${var.region}"
}

resource "aws_dynamodb_table" "state" {
  name         = "state-${var.region}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
}
