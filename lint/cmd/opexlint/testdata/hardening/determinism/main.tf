# Configuration with findings in several files, modules, count and for_each instances, and
# inline waivers (one current, one expired), so that ordering, locations and waivers are all
# exercised by the determinism test.

module "store" {
  source = "./modules/store"
  for_each = toset(["eu", "us"])
  region   = each.key
}

resource "aws_s3_bucket" "logs" {
  count  = 3
  bucket = "logs-${count.index}"
}

# opex:ignore bucket-versioning-disabled reason="scratch data, rebuilt nightly"
resource "aws_s3_bucket" "scratch" {
  bucket = "scratch"
}

# opex:ignore deletion-protection-disabled until=2020-01-31 reason="migration window"
resource "aws_db_instance" "main" {
  identifier          = "main"
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  skip_final_snapshot = true
}

resource "aws_ecr_repository" "app" {
  name                 = "app"
  image_tag_mutability = "MUTABLE"
}

resource "aws_cloudwatch_metric_alarm" "cpu" {
  alarm_name          = "cpu"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "CPUUtilization"
  namespace           = "AWS/RDS"
  period              = 60
  statistic           = "Average"
  threshold           = 90
}

resource "terraform_data" "bootstrap" {
  provisioner "local-exec" {
    command = "./bootstrap.sh"
  }
}
