terraform {
  required_version = ">= 1.5"
}

variable "env" {
  type = string
}

# Owned by the platform team.
# opex:ignore large-batch,missing-alarm until=2030-01-31 reason="migration window, OPS-12"
resource "aws_instance" "web" {
  count         = 2
  ami           = "ami-123"
  instance_type = "t3.micro"
  monitoring    = true
  cpu_credits   = 2.5
  tags = {
    owner = "team-a"
    env   = var.env
  }
  subnets = ["a", var.env, "c"]

  ebs_block_device {
    device_name = "/dev/sdb"
    volume_size = 100
  }
  ebs_block_device {
    device_name = "/dev/sdc"
    volume_size = var.size
  }

  dynamic "network_interface" {
    for_each = var.nics
    content {
      device_index = network_interface.key
    }
  }

  lifecycle {
    create_before_destroy = true
  }

  provisioner "local-exec" {
    command = "echo hi"
  }
  provisioner "remote-exec" {
    inline = ["true"]
  }
}

// opex:ignore prevent-destroy-missing
resource "aws_db_instance" "main" {
  engine   = "postgres"
  password = "not-a-real-one" # a trailing comment, not a waiver
  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_s3_bucket" "logs" {
  for_each = toset(["a", "b"])
  bucket   = "logs-${each.key}"
  # opex:ignore bucket-versioning reason="inside the block"
}

data "aws_ami" "ubuntu" {
  most_recent = true
}

module "app" {
  source   = "./modules/app"
  for_each = toset(["blue", "green"])
  name     = each.key
}

/* opex:ignore module-rule */
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}

moved {
  from = aws_instance.old_web
  to   = aws_instance.web
}

moved {
  from = module.legacy
  to   = module.app
}

# A comment that is not attached: the blank line below breaks the run.
# opex:ignore dangling-rule

resource "aws_sqs_queue" "q" {
  name = "q"
}
