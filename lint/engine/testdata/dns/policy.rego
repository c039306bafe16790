# METADATA
# title: T
# custom:
#   id: dns
#   severity: low
#   principle: anticipate-failure
#   focus_area: operate
package opex.rules.dns

deny contains {"msg": "x"} if {
	net.lookup_ip_addr("example.com")
}
