resource "aws_rds_cluster" "this" {
  engine = "aurora-postgresql"
  lifecycle {
    prevent_destroy = true
  }
}

data "aws_caller_identity" "me" {}
