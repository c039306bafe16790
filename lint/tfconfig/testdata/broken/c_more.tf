resource "aws_sns_topic" "after" {
  name = "t"
}
