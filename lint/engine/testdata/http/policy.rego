# METADATA
# title: T
# custom:
#   id: fetch
#   severity: low
#   principle: anticipate-failure
#   focus_area: operate
package opex.rules.fetch

deny contains {"msg": "x"} if {
	http.send({"method": "GET", "url": "http://example.com"})
}
