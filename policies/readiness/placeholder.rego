package opex.readiness.placeholder
