package acme.helpers

is_big(n) if n > 1
