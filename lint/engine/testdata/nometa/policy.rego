package opex.rules.nometa

deny contains {"msg": "x"} if true
