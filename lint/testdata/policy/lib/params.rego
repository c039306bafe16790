package opex.params

defaults := {"max_changes": 3, "note": "none"}
