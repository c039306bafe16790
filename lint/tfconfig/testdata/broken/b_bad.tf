resource "aws_sqs_queue" "before_error" {
  name = "ok"
}

resource "aws_sqs_queue" "bad" {
  name = "unterminated
}
