variable "name" {
  type = string
}

module "db" {
  source = "../db"
  count  = 1
}

# opex:ignore deploy-rule
resource "aws_ecs_service" "svc" {
  name          = var.name
  desired_count = 3
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }
}

moved {
  from = aws_ecs_service.old
  to   = aws_ecs_service.svc
}
