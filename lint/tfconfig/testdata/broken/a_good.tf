resource "aws_sqs_queue" "good" {
  name = "good"
}
