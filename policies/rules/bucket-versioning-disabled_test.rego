package opex.rules.bucket_versioning_disabled_test

import data.opex.fixtures as f
import data.opex.rules.bucket_versioning_disabled

_cfg(resources) := {"root_module": {"resources": resources}}

test_unversioned_bucket_fires if {
	got := bucket_versioning_disabled.deny with input as f.plan([f.create(`module.s3["logs"].aws_s3_bucket.b[0]`, "aws_s3_bucket", {"bucket": "logs", "force_destroy": false})])
	got == {{"address": `module.s3["logs"].aws_s3_bucket.b[0]`, "msg": `module.s3["logs"].aws_s3_bucket.b[0] (aws_s3_bucket) will be created without enabled versioning: deleted or overwritten objects cannot be restored`}}
}

test_suspended_or_disabled_fires if {
	p := f.plan([
		f.update("aws_s3_bucket.a", "aws_s3_bucket", {}, {"bucket": "a", "versioning": [{"enabled": false}]}),
		f.replace("aws_s3_bucket.b", "aws_s3_bucket", {}, {"bucket": "b"}),
		f.create("aws_s3_bucket_versioning.b", "aws_s3_bucket_versioning", {"bucket": "b", "versioning_configuration": [{"status": "Suspended"}]}),
	])
	got := bucket_versioning_disabled.deny with input as p
	{r.address | some r in got} == {"aws_s3_bucket.a", "aws_s3_bucket.b"}
}

test_force_destroy_fires if {
	got := bucket_versioning_disabled.deny with input as f.plan([f.replace_cbd("aws_s3_bucket.a", "aws_s3_bucket", {}, {"bucket": "a", "force_destroy": true, "versioning": {"enabled": true}})])
	got == {{"address": "aws_s3_bucket.a", "msg": "aws_s3_bucket.a (aws_s3_bucket) sets force_destroy = true: a destroy deletes every object in it"}}
}

test_inline_versioning_passes if {
	count(bucket_versioning_disabled.deny) == 0 with input as f.plan([f.create("aws_s3_bucket.a", "aws_s3_bucket", {"bucket": "a", "versioning": [{"enabled": true, "mfa_delete": false}]})])
}

test_versioning_resource_by_name_passes if {
	count(bucket_versioning_disabled.deny) == 0 with input as f.plan([
		f.create("aws_s3_bucket.a", "aws_s3_bucket", {"bucket": "a"}),
		f.noop("aws_s3_bucket_versioning.a", "aws_s3_bucket_versioning", {"bucket": "a", "versioning_configuration": [{"status": "Enabled"}]}),
	])
}

test_versioning_resource_by_reference_passes if {
	p := object.union(
		f.plan([
			f.unknown(f.create(`module.s3["x"].aws_s3_bucket.a`, "aws_s3_bucket", {}), {"bucket": true}),
			f.unknown(f.create(`module.s3["x"].aws_s3_bucket_versioning.v`, "aws_s3_bucket_versioning", {"versioning_configuration": [{"status": "Enabled"}]}), {"bucket": true}),
		]),
		{"configuration": {"root_module": {"module_calls": {"s3": {"module": {"resources": [{
			"address": "aws_s3_bucket_versioning.v",
			"expressions": {"bucket": {"references": ["aws_s3_bucket.a.id", "aws_s3_bucket.a"]}},
		}]}}}}}},
	)
	count(bucket_versioning_disabled.deny) == 0 with input as p
}

test_untraceable_versioning_gives_benefit_of_doubt if {
	p := f.plan([
		f.unknown(f.create("aws_s3_bucket.a", "aws_s3_bucket", {}), {"bucket": true}),
		f.unknown(f.create("aws_s3_bucket_versioning.v", "aws_s3_bucket_versioning", {}), {"bucket": true, "versioning_configuration": true}),
		f.create("aws_s3_bucket.named", "aws_s3_bucket", {"bucket": "named"}),
	])
	got := bucket_versioning_disabled.deny with input as p
	{r.address | some r in got} == {"aws_s3_bucket.named"}
}

test_unchanged_buckets_pass if {
	count(bucket_versioning_disabled.deny) == 0 with input as f.plan([
		f.noop("aws_s3_bucket.a", "aws_s3_bucket", {"bucket": "a", "force_destroy": true}),
		f.read("data.aws_s3_bucket.b", "aws_s3_bucket", {"bucket": "b"}),
		f.delete("aws_s3_bucket.c", "aws_s3_bucket", {"bucket": "c"}),
		f.unknown(f.create("aws_s3_bucket.d", "aws_s3_bucket", {"bucket": "d", "versioning": [{"enabled": true}]}), {"force_destroy": true}),
	])
}
