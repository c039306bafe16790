package opex.lib_test

import data.opex.fixtures as f
import data.opex.lib

test_blast_radius_weights if {
	p := f.plan([
		f.create("aws_instance.a", "aws_instance", {}), # 1 x 1
		f.update("aws_security_group.sg", "aws_security_group", {}, {}), # 1 x 3
		f.delete("aws_db_instance.db", "aws_db_instance", {}), # 5 x 5
		f.replace_cbd("module.m[0].aws_s3_bucket.b", "aws_s3_bucket", {}, {}), # 5 x 5
		f.forget("aws_iam_role.r", "aws_iam_role", {}), # 1 x 3
		f.noop("aws_db_instance.other", "aws_db_instance", {}), # not a change
		f.read("data.aws_vpc.v", "aws_vpc", {}), # not a change
	])
	lib.blast_radius == 57 with input as p
}

test_blast_radius_future_action_weighs_as_update if {
	p := f.plan([f.rc("aws_vpc.v", "aws_vpc", ["archive"], {}, {})])
	lib.blast_radius == 3 with input as p
}

test_blast_radius_parameters if {
	p := object.union(f.plan([f.delete("aws_db_instance.db", "aws_db_instance", {})]), {"opex": {"params": {
		"action_weights": {"delete": 2},
		"class_factors": {"stateful": 10},
	}}})
	lib.blast_radius == 20 with input as p
}

test_blast_radius_deposed_objects_count_twice if {
	a := f.delete("aws_instance.a", "aws_instance", {})
	b := object.union(a, {"deposed": "00000001"})
	lib.blast_radius == 10 with input as f.plan([a, b])
}
