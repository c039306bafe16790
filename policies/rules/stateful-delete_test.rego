package opex.rules.stateful_delete_test

import data.opex.fixtures as f
import data.opex.rules.stateful_delete

test_delete_fires if {
	got := stateful_delete.deny with input as f.plan([f.delete(`module.data["eu"].aws_dynamodb_table.t[0]`, "aws_dynamodb_table", {"name": "t"})])
	got == {{"address": `module.data["eu"].aws_dynamodb_table.t[0]`, "msg": `module.data["eu"].aws_dynamodb_table.t[0] (aws_dynamodb_table, holds data) will be deleted: its data is lost unless it is restored from a backup`}}
}

test_replace_both_orders_fire if {
	dbc := object.union(f.replace("aws_db_instance.db", "aws_db_instance", {}, {}), {"change": object.union(
		f.replace("aws_db_instance.db", "aws_db_instance", {}, {}).change,
		{"replace_paths": [["db_name"], ["tags", "x"]]},
	)})
	got := stateful_delete.deny with input as f.plan([dbc, f.replace_cbd("google_storage_bucket.b", "google_storage_bucket", {}, {})])
	count(got) == 2
	some a in got
	a.address == "aws_db_instance.db"
	contains(a.msg, "replaced (destroy-before-create)")
	endswith(a.msg, "replacement forced by db_name, tags.x")
	some b in got
	b.address == "google_storage_bucket.b"
	contains(b.msg, "replaced (create-before-destroy)")
}

test_other_clouds if {
	got := stateful_delete.deny with input as f.plan([
		f.delete("azurerm_cosmosdb_account.c", "azurerm_cosmosdb_account", {}),
		f.delete("kubernetes_persistent_volume_claim_v1.pvc", "kubernetes_persistent_volume_claim_v1", {}),
	])
	count(got) == 2
}

test_no_finding if {
	count(stateful_delete.deny) == 0 with input as f.plan([
		f.create("aws_db_instance.new", "aws_db_instance", {}),
		f.update("aws_s3_bucket.b", "aws_s3_bucket", {}, {}),
		f.noop("aws_s3_bucket.c", "aws_s3_bucket", {}),
		f.read("data.aws_s3_bucket.d", "aws_s3_bucket", {}),
		f.forget("aws_s3_bucket.e", "aws_s3_bucket", {}),
		f.delete("aws_instance.stateless", "aws_instance", {}),
	])
}
