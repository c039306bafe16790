package plangen

import (
	"encoding/json"
	"fmt"
)

// Attribute sets follow the AWS provider v5 schemas closely enough for the
// policy library's rules to have something to read (tags, deletion
// protection, multi-AZ, final snapshots, circuit breakers, image tags,
// alarm actions, health checks) and for sizes to be realistic.

func id(prefix string) comp {
	return comp{"id", func(ic *ictx) any { return prefix + ic.hex(17) }}
}

func arnOf(service, resource string) comp {
	return comp{"arn", func(ic *ictx) any { return ic.arn(service, resource+ic.nm("")) }}
}

func jsonString(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only called with maps and slices built here
	}
	return string(b)
}

var (
	dbInstance = &typeSpec{
		typ: "aws_db_instance", mode: "managed", provider: providerAWS, stateful: true, file: "main.tf",
		waiverRule: "skip-final-snapshot",
		config: func(c *bctx) []cattr {
			multiAZ := ref("multi_az", `var.environment == "production"`, []string{"var.environment"},
				func(ic *ictx) any { return ic.prod() })
			if c.pct(25) {
				multiAZ = lit("multi_az", false)
			}
			return []cattr{
				ref("identifier", `"${var.name}-db"`, []string{"var.name"}, func(ic *ictx) any { return ic.nm("db") }),
				lit("engine", "postgres"),
				lit("engine_version", c.pick("14.10", "15.5", "16.2")),
				lit("instance_class", c.pick("db.t4g.medium", "db.r6g.large", "db.r6g.xlarge", "db.m6g.large")),
				lit("allocated_storage", 20*(1+c.r.IntN(25))),
				lit("max_allocated_storage", 1000),
				lit("storage_type", "gp3"),
				lit("storage_encrypted", true),
				ref("kms_key_id", "var.kms_key_arn", []string{"var.kms_key_arn"}, func(ic *ictx) any { return ic.arn("kms", "key/"+ic.hex(32)) }),
				lit("username", "app"),
				{name: "password", expr: "var.master_password", refs: []string{"var.master_password"},
					val: func(ic *ictx) any { return ic.g.secret }, sensitive: true},
				multiAZ,
				lit("deletion_protection", c.pct(70)),
				lit("skip_final_snapshot", c.pct(30)),
				ref("final_snapshot_identifier", `"${var.name}-final"`, []string{"var.name"}, func(ic *ictx) any { return ic.nm("final") }),
				lit("backup_retention_period", c.pick7()),
				lit("backup_window", "03:00-04:00"),
				lit("maintenance_window", "sun:04:30-sun:05:30"),
				lit("performance_insights_enabled", c.pct(60)),
				lit("auto_minor_version_upgrade", true),
				lit("copy_tags_to_snapshot", true),
				ref("db_subnet_group_name", "var.db_subnet_group", []string{"var.db_subnet_group"}, func(ic *ictx) any { return ic.nm("subnets") }),
				ref("vpc_security_group_ids", "[var.security_group_id]", []string{"var.security_group_id"}, func(ic *ictx) any { return []any{"sg-" + ic.hex(17)} }),
				lit("parameter_group_name", "default.postgres15"),
				tagsAttr("db"),
			}
		},
		computed: []comp{
			{"address", func(ic *ictx) any { return ic.nm("db") + ".c" + ic.hex(12) + ".eu-west-1.rds.amazonaws.com" }},
			arnOf("rds", "db:"),
			{"endpoint", func(ic *ictx) any { return ic.nm("db") + ".c" + ic.hex(12) + ".eu-west-1.rds.amazonaws.com:5432" }},
			{"hosted_zone_id", func(ic *ictx) any { return "Z29XKXDKYMONMX" }},
			id("db-"),
			{"resource_id", func(ic *ictx) any { return "db-" + ic.hex(26) }},
			{"status", func(ic *ictx) any { return "available" }},
			{"latest_restorable_time", func(ic *ictx) any { return "2026-11-25T12:00:00Z" }},
		},
		mutate: func(ic *ictx, m map[string]any) {
			if ic.r.IntN(2) == 0 {
				m["instance_class"] = "db.t4g.small"
			} else {
				m["allocated_storage"] = 20
			}
		},
		forceNew: []string{"identifier", "availability_zone"},
	}

	rdsCluster = &typeSpec{
		typ: "aws_rds_cluster", mode: "managed", provider: providerAWS, stateful: true, file: "main.tf",
		waiverRule: "deletion-protection-disabled",
		config: func(c *bctx) []cattr {
			return []cattr{
				ref("cluster_identifier", `"${var.name}-aurora"`, []string{"var.name"}, func(ic *ictx) any { return ic.nm("aurora") }),
				lit("engine", "aurora-postgresql"),
				lit("engine_mode", "provisioned"),
				lit("engine_version", c.pick("15.4", "16.1")),
				lit("database_name", "app"),
				lit("master_username", "app"),
				{name: "master_password", expr: "var.master_password", refs: []string{"var.master_password"},
					val: func(ic *ictx) any { return ic.g.secret }, sensitive: true},
				lit("deletion_protection", c.pct(75)),
				lit("skip_final_snapshot", c.pct(25)),
				lit("backup_retention_period", c.pick7()),
				lit("preferred_backup_window", "02:00-03:00"),
				lit("storage_encrypted", true),
				lit("copy_tags_to_snapshot", true),
				ref("vpc_security_group_ids", "[var.security_group_id]", []string{"var.security_group_id"}, func(ic *ictx) any { return []any{"sg-" + ic.hex(17)} }),
				ref("db_subnet_group_name", "var.db_subnet_group", []string{"var.db_subnet_group"}, func(ic *ictx) any { return ic.nm("subnets") }),
				lit("enabled_cloudwatch_logs_exports", []any{"postgresql"}),
				tagsAttr("aurora"),
			}
		},
		computed: []comp{
			arnOf("rds", "cluster:"),
			{"cluster_resource_id", func(ic *ictx) any { return "cluster-" + ic.hex(26) }},
			{"endpoint", func(ic *ictx) any {
				return ic.nm("aurora") + ".cluster-c" + ic.hex(12) + ".eu-west-1.rds.amazonaws.com"
			}},
			{"reader_endpoint", func(ic *ictx) any {
				return ic.nm("aurora") + ".cluster-ro-c" + ic.hex(12) + ".eu-west-1.rds.amazonaws.com"
			}},
			{"hosted_zone_id", func(ic *ictx) any { return "Z29XKXDKYMONMX" }},
			{"id", func(ic *ictx) any { return ic.nm("aurora") }},
			{"port", func(ic *ictx) any { return 5432 }},
		},
		mutate:   func(ic *ictx, m map[string]any) { m["backup_retention_period"] = 1 },
		forceNew: []string{"cluster_identifier"},
	}

	rdsClusterInstance = &typeSpec{
		typ: "aws_rds_cluster_instance", mode: "managed", provider: providerAWS, file: "main.tf",
		config: func(c *bctx) []cattr {
			return []cattr{
				ref("identifier", `"${var.name}-aurora-${count.index}"`, []string{"var.name", "count.index"}, func(ic *ictx) any { return ic.nm("aurora") }),
				ref("cluster_identifier", "aws_rds_cluster.main.id", []string{"aws_rds_cluster.main.id", "aws_rds_cluster.main"}, func(ic *ictx) any { return ic.in.mi.service + "-" + short(ic.env()) + "-aurora" }),
				lit("instance_class", c.pick("db.r6g.large", "db.r6g.xlarge")),
				lit("engine", "aurora-postgresql"),
				lit("publicly_accessible", false),
				lit("performance_insights_enabled", true),
				lit("auto_minor_version_upgrade", true),
				tagsAttr("aurora"),
			}
		},
		computed: []comp{arnOf("rds", "db:"), {"endpoint", func(ic *ictx) any { return ic.nm("aurora") + ".c" + ic.hex(12) + ".eu-west-1.rds.amazonaws.com" }},
			{"id", func(ic *ictx) any { return ic.nm("aurora") }}, {"writer", func(ic *ictx) any { return ic.in.key == 0 }}},
		mutate:   func(ic *ictx, m map[string]any) { m["instance_class"] = "db.r6g.medium" },
		forceNew: []string{"identifier"},
	}

	dynamoTable = &typeSpec{
		typ: "aws_dynamodb_table", mode: "managed", provider: providerAWS, stateful: true, file: "main.tf",
		waiverRule: "deletion-protection-disabled",
		config: func(c *bctx) []cattr {
			return []cattr{
				ref("name", `"${var.name}-${each.key}"`, []string{"var.name", "each.key"}, func(ic *ictx) any { return ic.nm("table") }),
				lit("billing_mode", c.pick("PAY_PER_REQUEST", "PROVISIONED")),
				lit("hash_key", "pk"),
				lit("range_key", "sk"),
				lit("deletion_protection_enabled", c.pct(65)),
				lit("stream_enabled", true),
				lit("stream_view_type", "NEW_AND_OLD_IMAGES"),
				lit("table_class", "STANDARD"),
				nested("attribute", map[string]any{"name": "pk", "type": "S"}, map[string]any{"name": "sk", "type": "S"}),
				nested("point_in_time_recovery", map[string]any{"enabled": c.pct(80)}),
				nested("server_side_encryption", map[string]any{"enabled": true, "kms_key_arn": ""}),
				nested("ttl", map[string]any{"attribute_name": "expires_at", "enabled": true}),
				tagsAttr("table"),
			}
		},
		computed: []comp{arnOf("dynamodb", "table/"), {"id", func(ic *ictx) any { return ic.nm("table") }},
			{"stream_arn", func(ic *ictx) any {
				return ic.arn("dynamodb", "table/"+ic.nm("table")+"/stream/2026-01-01T00:00:00.000")
			}},
			{"stream_label", func(ic *ictx) any { return "2026-01-01T00:00:00.000" }}},
		mutate:   func(ic *ictx, m map[string]any) { m["stream_view_type"] = "KEYS_ONLY" },
		forceNew: []string{"name", "hash_key"},
	}

	s3Bucket = &typeSpec{
		typ: "aws_s3_bucket", mode: "managed", provider: providerAWS, stateful: true, file: "main.tf",
		waiverRule: "bucket-versioning-disabled",
		config: func(c *bctx) []cattr {
			return []cattr{
				ref("bucket", `"acme-${var.name}-${each.key}"`, []string{"var.name", "each.key"}, func(ic *ictx) any { return "acme-" + ic.nm("bucket") }),
				lit("force_destroy", c.pct(10)),
				lit("object_lock_enabled", false),
				tagsAttr("bucket"),
			}
		},
		computed: []comp{
			{"arn", func(ic *ictx) any { return "arn:aws:s3:::acme-" + ic.nm("bucket") }},
			{"bucket_domain_name", func(ic *ictx) any { return "acme-" + ic.nm("bucket") + ".s3.amazonaws.com" }},
			{"bucket_regional_domain_name", func(ic *ictx) any { return "acme-" + ic.nm("bucket") + ".s3.eu-west-1.amazonaws.com" }},
			{"hosted_zone_id", func(ic *ictx) any { return "Z1BKCTXD74EZPE" }},
			{"id", func(ic *ictx) any { return "acme-" + ic.nm("bucket") }},
			{"region", func(ic *ictx) any { return defaultRegion }},
		},
		mutate:   func(ic *ictx, m map[string]any) { m["force_destroy"] = !m["force_destroy"].(bool) },
		forceNew: []string{"bucket"},
	}

	s3Versioning = &typeSpec{
		typ: "aws_s3_bucket_versioning", mode: "managed", provider: providerAWS, file: "main.tf",
		config: func(c *bctx) []cattr {
			status := "Enabled"
			if c.pct(15) {
				status = "Suspended"
			}
			return []cattr{
				ref("bucket", "aws_s3_bucket.this[each.key].id", []string{"aws_s3_bucket.this[each.key].id", "aws_s3_bucket.this[each.key]", "aws_s3_bucket.this", "each.key"},
					func(ic *ictx) any { return "acme-" + ic.nm("bucket") }),
				nested("versioning_configuration", map[string]any{"status": status, "mfa_delete": "Disabled"}),
			}
		},
		computed: []comp{{"id", func(ic *ictx) any { return "acme-" + ic.nm("bucket") }}},
		mutate: func(ic *ictx, m map[string]any) {
			m["versioning_configuration"] = []any{map[string]any{"status": "Suspended", "mfa_delete": "Disabled"}}
		},
		forceNew: []string{"bucket"},
	}

	ebsVolume = &typeSpec{
		typ: "aws_ebs_volume", mode: "managed", provider: providerAWS, stateful: true, file: "main.tf",
		config: func(c *bctx) []cattr {
			return []cattr{
				ref("availability_zone", "var.availability_zones[count.index % length(var.availability_zones)]", []string{"var.availability_zones", "count.index"},
					func(ic *ictx) any { return defaultRegion + string(rune('a'+ic.r.IntN(3))) }),
				lit("size", 50*(1+c.r.IntN(20))),
				lit("type", "gp3"),
				lit("iops", 3000),
				lit("throughput", 125),
				lit("encrypted", true),
				lit("final_snapshot", c.pct(50)),
				tagsAttr("data"),
			}
		},
		computed: []comp{arnOf("ec2", "volume/vol-"), id("vol-"), {"snapshot_id", func(ic *ictx) any { return "" }}},
		mutate:   func(ic *ictx, m map[string]any) { m["size"] = 20 },
		forceNew: []string{"availability_zone"},
	}

	elasticache = &typeSpec{
		typ: "aws_elasticache_replication_group", mode: "managed", provider: providerAWS, stateful: true, file: "main.tf",
		waiverRule: "single-az-production",
		config: func(c *bctx) []cattr {
			failover := ref("automatic_failover_enabled", `var.environment == "production"`, []string{"var.environment"}, func(ic *ictx) any { return ic.prod() })
			if c.pct(25) {
				failover = lit("automatic_failover_enabled", false)
			}
			return []cattr{
				ref("replication_group_id", `"${var.name}-cache"`, []string{"var.name"}, func(ic *ictx) any { return ic.nm("cache") }),
				ref("description", `"Cache for ${var.name}"`, []string{"var.name"}, func(ic *ictx) any { return "Cache for " + ic.nm("") }),
				lit("engine", "redis"),
				lit("engine_version", "7.1"),
				lit("node_type", c.pick("cache.t4g.small", "cache.r7g.large")),
				lit("num_cache_clusters", 1+c.r.IntN(3)),
				failover,
				ref("multi_az_enabled", `var.environment == "production"`, []string{"var.environment"}, func(ic *ictx) any { return ic.prod() }),
				lit("at_rest_encryption_enabled", true),
				lit("transit_encryption_enabled", true),
				{name: "auth_token", expr: "var.master_password", refs: []string{"var.master_password"}, val: func(ic *ictx) any { return ic.g.secret }, sensitive: true},
				lit("snapshot_retention_limit", c.r.IntN(8)),
				lit("port", 6379),
				ref("subnet_group_name", "var.cache_subnet_group", []string{"var.cache_subnet_group"}, func(ic *ictx) any { return ic.nm("cache-subnets") }),
				tagsAttr("cache"),
			}
		},
		computed: []comp{arnOf("elasticache", "replicationgroup:"), {"id", func(ic *ictx) any { return ic.nm("cache") }},
			{"primary_endpoint_address", func(ic *ictx) any { return "master." + ic.nm("cache") + "." + ic.hex(6) + ".euw1.cache.amazonaws.com" }},
			{"reader_endpoint_address", func(ic *ictx) any { return "replica." + ic.nm("cache") + "." + ic.hex(6) + ".euw1.cache.amazonaws.com" }},
			{"member_clusters", func(ic *ictx) any { return []any{ic.nm("cache") + "-001", ic.nm("cache") + "-002"} }}},
		mutate:   func(ic *ictx, m map[string]any) { m["node_type"] = "cache.t4g.micro" },
		forceNew: []string{"replication_group_id"},
	}

	sqsQueue = &typeSpec{
		typ: "aws_sqs_queue", mode: "managed", provider: providerAWS, stateful: true, file: "main.tf",
		config: func(c *bctx) []cattr {
			return []cattr{
				ref("name", `"${var.name}-${each.key}"`, []string{"var.name", "each.key"}, func(ic *ictx) any { return ic.nm("queue") }),
				lit("fifo_queue", false),
				lit("visibility_timeout_seconds", 30*(1+c.r.IntN(10))),
				lit("message_retention_seconds", 345600),
				lit("max_message_size", 262144),
				lit("delay_seconds", 0),
				lit("receive_wait_time_seconds", 20),
				ref("kms_master_key_id", "var.kms_key_arn", []string{"var.kms_key_arn"}, func(ic *ictx) any { return ic.arn("kms", "key/"+ic.hex(32)) }),
				ref("redrive_policy", `jsonencode({ deadLetterTargetArn = var.dlq_arn, maxReceiveCount = 5 })`, []string{"var.dlq_arn"},
					func(ic *ictx) any {
						return jsonString(map[string]any{"deadLetterTargetArn": ic.arn("sqs", ic.nm("dlq")), "maxReceiveCount": 5})
					}),
				tagsAttr("queue"),
			}
		},
		computed: []comp{{"arn", func(ic *ictx) any { return ic.arn("sqs", ic.nm("queue")) }},
			{"id", func(ic *ictx) any { return "https://sqs.eu-west-1.amazonaws.com/" + awsAccount + "/" + ic.nm("queue") }},
			{"url", func(ic *ictx) any { return "https://sqs.eu-west-1.amazonaws.com/" + awsAccount + "/" + ic.nm("queue") }}},
		mutate:   func(ic *ictx, m map[string]any) { m["visibility_timeout_seconds"] = 30 },
		forceNew: []string{"name", "fifo_queue"},
	}

	kmsKey = &typeSpec{
		typ: "aws_kms_key", mode: "managed", provider: providerAWS, stateful: true, file: "main.tf",
		config: func(c *bctx) []cattr {
			return []cattr{
				ref("description", `"${var.name} data key"`, []string{"var.name"}, func(ic *ictx) any { return ic.nm("") + " data key" }),
				lit("deletion_window_in_days", c.pick7()+23),
				lit("enable_key_rotation", c.pct(85)),
				lit("is_enabled", true),
				lit("key_usage", "ENCRYPT_DECRYPT"),
				lit("multi_region", false),
				ref("policy", "var.key_policy", []string{"var.key_policy"},
					func(ic *ictx) any { return policyJSON(ic, "kms:*", "*") }),
				tagsAttr("key"),
			}
		},
		computed: []comp{{"arn", func(ic *ictx) any { return ic.arn("kms", "key/"+ic.hex(32)) }}, {"id", func(ic *ictx) any { return ic.hex(32) }},
			{"key_id", func(ic *ictx) any { return ic.hex(32) }}},
		mutate: func(ic *ictx, m map[string]any) { m["enable_key_rotation"] = false },
	}

	ec2Instance = &typeSpec{
		typ: "aws_instance", mode: "managed", provider: providerAWS, file: "main.tf",
		waiverRule: "nonprod-always-on",
		config: func(c *bctx) []cattr {
			return []cattr{
				ref("ami", "var.ami_id", []string{"var.ami_id"}, func(ic *ictx) any { return "ami-0" + ic.hex(16) }),
				lit("instance_type", c.pick("t3.micro", "t3.large", "m6i.large", "c6i.xlarge")),
				ref("subnet_id", "var.subnet_ids[count.index % length(var.subnet_ids)]", []string{"var.subnet_ids", "count.index"}, func(ic *ictx) any { return "subnet-" + ic.hex(17) }),
				ref("vpc_security_group_ids", "[var.security_group_id]", []string{"var.security_group_id"}, func(ic *ictx) any { return []any{"sg-" + ic.hex(17)} }),
				ref("iam_instance_profile", "var.instance_profile", []string{"var.instance_profile"}, func(ic *ictx) any { return ic.nm("profile") }),
				lit("monitoring", c.pct(70)),
				lit("ebs_optimized", true),
				lit("user_data_replace_on_change", false),
				nested("root_block_device", map[string]any{"volume_size": 30, "volume_type": "gp3", "encrypted": true, "delete_on_termination": true}),
				nested("metadata_options", map[string]any{"http_endpoint": "enabled", "http_tokens": "required", "http_put_response_hop_limit": 1}),
				tagsAttr("node"),
			}
		},
		computed: []comp{arnOf("ec2", "instance/i-"), {"availability_zone", func(ic *ictx) any { return "eu-west-1a" }}, id("i-0"),
			{"instance_state", func(ic *ictx) any { return "running" }},
			{"primary_network_interface_id", func(ic *ictx) any { return "eni-" + ic.hex(17) }},
			{"private_dns", func(ic *ictx) any { return "ip-10-0-1-" + fmt.Sprint(ic.r.IntN(250)) + ".eu-west-1.compute.internal" }},
			{"private_ip", func(ic *ictx) any { return fmt.Sprintf("10.0.%d.%d", ic.r.IntN(250), ic.r.IntN(250)) }},
			{"public_ip", func(ic *ictx) any { return "" }}},
		mutate:   func(ic *ictx, m map[string]any) { m["instance_type"] = "t3.small" },
		forceNew: []string{"ami"},
	}

	loadBalancer = &typeSpec{
		typ: "aws_lb", mode: "managed", provider: providerAWS, file: "main.tf",
		waiverRule: "deletion-protection-disabled",
		config: func(c *bctx) []cattr {
			return []cattr{
				ref("name", `"${var.name}-alb"`, []string{"var.name"}, func(ic *ictx) any { return ic.nm("alb") }),
				lit("internal", c.pct(40)),
				lit("load_balancer_type", "application"),
				ref("security_groups", "[var.security_group_id]", []string{"var.security_group_id"}, func(ic *ictx) any { return []any{"sg-" + ic.hex(17)} }),
				ref("subnets", "var.subnet_ids", []string{"var.subnet_ids"}, func(ic *ictx) any { return []any{"subnet-" + ic.hex(17), "subnet-" + ic.hex(17)} }),
				lit("enable_deletion_protection", c.pct(60)),
				lit("idle_timeout", 60),
				lit("drop_invalid_header_fields", true),
				nested("access_logs", map[string]any{"bucket": "acme-alb-logs", "enabled": c.pct(70), "prefix": ""}),
				tagsAttr("alb"),
			}
		},
		computed: []comp{arnOf("elasticloadbalancing", "loadbalancer/app/"), {"arn_suffix", func(ic *ictx) any { return "app/" + ic.nm("alb") + "/" + ic.hex(16) }},
			{"dns_name", func(ic *ictx) any { return ic.nm("alb") + "-" + ic.hex(10) + ".eu-west-1.elb.amazonaws.com" }},
			{"id", func(ic *ictx) any { return ic.arn("elasticloadbalancing", "loadbalancer/app/"+ic.nm("alb")) }},
			{"zone_id", func(ic *ictx) any { return "Z32O12XQLNTSW2" }}},
		mutate:   func(ic *ictx, m map[string]any) { m["idle_timeout"] = 30 },
		forceNew: []string{"name", "internal"},
	}

	targetGroup = &typeSpec{
		typ: "aws_lb_target_group", mode: "managed", provider: providerAWS, file: "main.tf",
		waiverRule: "health-check-disabled",
		config: func(c *bctx) []cattr {
			return []cattr{
				ref("name", `"${var.name}-tg"`, []string{"var.name"}, func(ic *ictx) any { return ic.nm("tg") }),
				lit("port", 8080),
				lit("protocol", "HTTP"),
				lit("target_type", "ip"),
				ref("vpc_id", "var.vpc_id", []string{"var.vpc_id"}, func(ic *ictx) any { return "vpc-" + ic.hex(17) }),
				lit("deregistration_delay", "30"),
				nested("health_check", map[string]any{"enabled": !c.pct(8), "path": "/healthz", "healthy_threshold": 3, "unhealthy_threshold": 3,
					"interval": 15, "timeout": 5, "matcher": "200-299", "port": "traffic-port", "protocol": "HTTP"}),
				tagsAttr("tg"),
			}
		},
		computed: []comp{arnOf("elasticloadbalancing", "targetgroup/"), {"arn_suffix", func(ic *ictx) any { return "targetgroup/" + ic.nm("tg") + "/" + ic.hex(16) }},
			{"id", func(ic *ictx) any { return ic.arn("elasticloadbalancing", "targetgroup/"+ic.nm("tg")) }}},
		mutate:   func(ic *ictx, m map[string]any) { m["deregistration_delay"] = "300" },
		forceNew: []string{"port", "protocol"},
	}

	ecsService = &typeSpec{
		typ: "aws_ecs_service", mode: "managed", provider: providerAWS, file: "main.tf",
		waiverRule: "deploy-without-rollback",
		config: func(c *bctx) []cattr {
			cb := map[string]any{"enable": true, "rollback": true}
			if c.pct(25) {
				cb = map[string]any{"enable": false, "rollback": false}
			}
			return []cattr{
				ref("name", "var.name", []string{"var.name"}, func(ic *ictx) any { return ic.nm("svc") }),
				ref("cluster", "var.cluster_arn", []string{"var.cluster_arn"}, func(ic *ictx) any { return ic.arn("ecs", "cluster/"+short(ic.env())) }),
				ref("task_definition", "aws_ecs_task_definition.this.arn", []string{"aws_ecs_task_definition.this.arn", "aws_ecs_task_definition.this"},
					func(ic *ictx) any {
						return ic.arn("ecs", "task-definition/"+ic.nm("task")+":"+fmt.Sprint(1+ic.r.IntN(300)))
					}),
				ref("desired_count", `var.environment == "production" ? 3 : 1`, []string{"var.environment"}, func(ic *ictx) any {
					if ic.prod() {
						return 3
					}
					return 1
				}),
				lit("launch_type", "FARGATE"),
				lit("deployment_minimum_healthy_percent", 100),
				lit("deployment_maximum_percent", 200),
				lit("enable_execute_command", c.pct(30)),
				lit("propagate_tags", "SERVICE"),
				lit("health_check_grace_period_seconds", 60),
				nested("deployment_circuit_breaker", cb),
				nested("deployment_controller", map[string]any{"type": "ECS"}),
				nested("network_configuration", map[string]any{"assign_public_ip": false, "subnets": []any{"subnet-0a1b2c3d4e5f60718", "subnet-0a1b2c3d4e5f60719"},
					"security_groups": []any{"sg-0a1b2c3d4e5f60718"}}),
				nested("load_balancer", map[string]any{"container_name": "app", "container_port": 8080, "elb_name": "",
					"target_group_arn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/app/0123456789abcdef"}),
				tagsAttr("svc"),
			}
		},
		computed: []comp{{"iam_role", func(ic *ictx) any { return "/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS" }},
			{"id", func(ic *ictx) any { return ic.arn("ecs", "service/"+short(ic.env())+"/"+ic.nm("svc")) }}},
		mutate: func(ic *ictx, m map[string]any) {
			m["task_definition"] = ic.arn("ecs", "task-definition/"+ic.nm("task")+":"+fmt.Sprint(1+ic.r.IntN(300)))
		},
		forceNew: []string{"launch_type"},
	}

	taskDefinition = &typeSpec{
		typ: "aws_ecs_task_definition", mode: "managed", provider: providerAWS, file: "main.tf",
		waiverRule: "mutable-image-tag",
		config: func(c *bctx) []cattr {
			latest := c.pct(10)
			return []cattr{
				ref("family", "var.name", []string{"var.name"}, func(ic *ictx) any { return ic.nm("task") }),
				lit("cpu", c.pick("256", "512", "1024")),
				lit("memory", c.pick("512", "1024", "2048")),
				lit("network_mode", "awsvpc"),
				lit("requires_compatibilities", []any{"FARGATE"}),
				ref("execution_role_arn", "var.execution_role_arn", []string{"var.execution_role_arn"}, func(ic *ictx) any { return ic.arn("iam", "role/ecs-execution") }),
				ref("task_role_arn", "aws_iam_role.task.arn", []string{"aws_iam_role.task.arn", "aws_iam_role.task"}, func(ic *ictx) any { return ic.arn("iam", "role/"+ic.nm("task")) }),
				ref("container_definitions", "jsonencode(local.containers)", []string{"local.containers"}, func(ic *ictx) any { return containerDefs(ic, latest) }),
				nested("runtime_platform", map[string]any{"cpu_architecture": "ARM64", "operating_system_family": "LINUX"}),
				tagsAttr("task"),
			}
		},
		computed: []comp{{"arn", func(ic *ictx) any { return ic.arn("ecs", "task-definition/"+ic.nm("task")+":42") }},
			{"arn_without_revision", func(ic *ictx) any { return ic.arn("ecs", "task-definition/"+ic.nm("task")) }},
			{"id", func(ic *ictx) any { return ic.nm("task") }}, {"revision", func(ic *ictx) any { return 42 }}},
		mutate:   func(ic *ictx, m map[string]any) { m["tags"] = map[string]any{"Name": ic.nm("task")} },
		forceNew: []string{"container_definitions"},
	}

	lambdaFunction = &typeSpec{
		typ: "aws_lambda_function", mode: "managed", provider: providerAWS, file: "main.tf",
		waiverRule: "mutable-image-tag",
		config: func(c *bctx) []cattr {
			as := []cattr{
				ref("function_name", `"${var.name}-${each.key}"`, []string{"var.name", "each.key"}, func(ic *ictx) any { return ic.nm("fn") }),
				ref("role", "aws_iam_role.lambda[each.key].arn", []string{"aws_iam_role.lambda[each.key].arn", "aws_iam_role.lambda[each.key]", "aws_iam_role.lambda", "each.key"},
					func(ic *ictx) any { return ic.arn("iam", "role/"+ic.nm("fn")) }),
				lit("memory_size", 128*(1+c.r.IntN(8))),
				lit("timeout", 3+c.r.IntN(60)),
				lit("architectures", []any{"arm64"}),
				lit("publish", true),
				lit("reserved_concurrent_executions", -1),
				nested("environment", map[string]any{"variables": map[string]any{"LOG_LEVEL": "info", "POWERTOOLS_SERVICE_NAME": "app"}}),
				nested("tracing_config", map[string]any{"mode": c.pick("Active", "PassThrough")}),
				tagsAttr("fn"),
			}
			if c.pct(30) {
				tag := "2026.11." + fmt.Sprint(c.r.IntN(30))
				if c.pct(25) {
					tag = "latest"
				}
				as = append(as, lit("package_type", "Image"),
					ref("image_uri", `"${var.ecr_repository}:${var.image_tag}"`, []string{"var.ecr_repository", "var.image_tag"},
						func(ic *ictx) any {
							return awsAccount + ".dkr.ecr.eu-west-1.amazonaws.com/" + ic.in.mi.service + ":" + tag
						}))
			} else {
				as = append(as, lit("package_type", "Zip"), lit("runtime", c.pick("python3.12", "nodejs20.x", "provided.al2023")), lit("handler", "main.handler"),
					ref("s3_bucket", "var.artifact_bucket", []string{"var.artifact_bucket"}, func(ic *ictx) any { return "acme-artifacts" }),
					ref("s3_key", `"${var.name}/${var.release}.zip"`, []string{"var.name", "var.release"}, func(ic *ictx) any { return ic.nm("fn") + "/" + ic.hex(12) + ".zip" }))
			}
			return as
		},
		computed: []comp{{"arn", func(ic *ictx) any { return ic.arn("lambda", "function:"+ic.nm("fn")) }},
			{"id", func(ic *ictx) any { return ic.nm("fn") }},
			{"invoke_arn", func(ic *ictx) any {
				return "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/" + ic.arn("lambda", "function:"+ic.nm("fn")) + "/invocations"
			}},
			{"last_modified", func(ic *ictx) any { return "2026-11-20T10:00:00.000+0000" }},
			{"qualified_arn", func(ic *ictx) any { return ic.arn("lambda", "function:"+ic.nm("fn")+":7") }},
			{"source_code_hash", func(ic *ictx) any { return ic.hex(43) + "=" }},
			{"version", func(ic *ictx) any { return "7" }}},
		mutate:   func(ic *ictx, m map[string]any) { m["memory_size"] = 128 },
		forceNew: []string{"function_name"},
	}

	iamRole = &typeSpec{
		typ: "aws_iam_role", mode: "managed", provider: providerAWS, file: "iam.tf",
		config: func(c *bctx) []cattr {
			principal := c.pick("ecs-tasks.amazonaws.com", "lambda.amazonaws.com", "ec2.amazonaws.com")
			return []cattr{
				ref("name", `"${var.name}-role"`, []string{"var.name"}, func(ic *ictx) any { return ic.nm("role") }),
				ref("assume_role_policy", "data.aws_iam_policy_document.assume.json", []string{"data.aws_iam_policy_document.assume.json", "data.aws_iam_policy_document.assume"},
					func(ic *ictx) any { return assumeJSON(principal) }),
				lit("max_session_duration", 3600),
				lit("path", "/"),
				lit("force_detach_policies", false),
				tagsAttr("role"),
			}
		},
		computed: []comp{{"arn", func(ic *ictx) any { return ic.arn("iam", "role/"+ic.nm("role")) }},
			{"create_date", func(ic *ictx) any { return "2025-06-01T09:00:00Z" }},
			{"id", func(ic *ictx) any { return ic.nm("role") }}, {"unique_id", func(ic *ictx) any { return "AROA" + ic.hex(17) }}},
		mutate:   func(ic *ictx, m map[string]any) { m["max_session_duration"] = 7200 },
		forceNew: []string{"name"},
	}

	securityGroup = &typeSpec{
		typ: "aws_security_group", mode: "managed", provider: providerAWS, file: "main.tf",
		config: func(c *bctx) []cattr {
			var ingress []map[string]any
			ports := []int{443, 8080, 5432, 6379, 22}
			c.r.Shuffle(len(ports), func(i, j int) { ports[i], ports[j] = ports[j], ports[i] })
			for _, port := range ports[:1+c.r.IntN(3)] {
				ingress = append(ingress, map[string]any{"description": fmt.Sprintf("port %d", port), "from_port": port, "to_port": port, "protocol": "tcp",
					"cidr_blocks": []any{"10.0.0.0/8"}, "ipv6_cidr_blocks": []any{}, "prefix_list_ids": []any{}, "security_groups": []any{}, "self": false})
			}
			return []cattr{
				ref("name", `"${var.name}-${each.key}"`, []string{"var.name"}, func(ic *ictx) any { return ic.nm("sg") }),
				lit("description", "Managed by Terraform"),
				ref("vpc_id", "var.vpc_id", []string{"var.vpc_id"}, func(ic *ictx) any { return "vpc-" + ic.hex(17) }),
				lit("revoke_rules_on_delete", false),
				nested("ingress", ingress...),
				nested("egress", map[string]any{"description": "all", "from_port": 0, "to_port": 0, "protocol": "-1", "cidr_blocks": []any{"0.0.0.0/0"},
					"ipv6_cidr_blocks": []any{}, "prefix_list_ids": []any{}, "security_groups": []any{}, "self": false}),
				tagsAttr("sg"),
			}
		},
		computed: []comp{{"arn", func(ic *ictx) any { return ic.arn("ec2", "security-group/sg-"+ic.hex(17)) }}, id("sg-"),
			{"owner_id", func(ic *ictx) any { return awsAccount }}},
		mutate:   func(ic *ictx, m map[string]any) { m["revoke_rules_on_delete"] = true },
		forceNew: []string{"name", "description"},
	}

	metricAlarm = &typeSpec{
		typ: "aws_cloudwatch_metric_alarm", mode: "managed", provider: providerAWS, file: "monitoring.tf",
		waiverRule: "alarm-without-action",
		config: func(c *bctx) []cattr {
			actions := ref("alarm_actions", "[var.alarm_topic_arn]", []string{"var.alarm_topic_arn"}, func(ic *ictx) any { return []any{ic.arn("sns", "alerts-"+short(ic.env()))} })
			if c.pct(10) {
				actions = lit("alarm_actions", []any{})
			}
			return []cattr{
				ref("alarm_name", `"${var.name}-${each.key}"`, []string{"var.name", "each.key"}, func(ic *ictx) any { return ic.nm("alarm") }),
				lit("comparison_operator", "GreaterThanOrEqualToThreshold"),
				lit("evaluation_periods", 3),
				lit("datapoints_to_alarm", 2),
				lit("metric_name", c.pick("CPUUtilization", "Errors", "ApproximateAgeOfOldestMessage", "HTTPCode_Target_5XX_Count", "FreeStorageSpace")),
				lit("namespace", c.pick("AWS/RDS", "AWS/ECS", "AWS/Lambda", "AWS/SQS", "AWS/ApplicationELB")),
				lit("period", 60),
				lit("statistic", "Average"),
				lit("threshold", 80),
				lit("treat_missing_data", "missing"),
				lit("actions_enabled", !c.pct(6)),
				actions,
				ref("ok_actions", "[var.alarm_topic_arn]", []string{"var.alarm_topic_arn"}, func(ic *ictx) any { return []any{ic.arn("sns", "alerts-"+short(ic.env()))} }),
				ref("alarm_description", `"${var.name} ${each.key} is high"`, []string{"var.name", "each.key"}, func(ic *ictx) any { return ic.nm("") + " is high" }),
				ref("dimensions", "{ Resource = var.name }", []string{"var.name"}, func(ic *ictx) any { return map[string]any{"Resource": ic.nm("")} }),
				tagsAttr("alarm"),
			}
		},
		computed: []comp{{"arn", func(ic *ictx) any { return ic.arn("cloudwatch", "alarm:"+ic.nm("alarm")) }}, {"id", func(ic *ictx) any { return ic.nm("alarm") }}},
		mutate:   func(ic *ictx, m map[string]any) { m["threshold"] = 90 },
		forceNew: []string{"alarm_name"},
	}

	asg = &typeSpec{
		typ: "aws_autoscaling_group", mode: "managed", provider: providerAWS, file: "main.tf",
		waiverRule: "single-az-production",
		config: func(c *bctx) []cattr {
			subnets := []any{"subnet-0a1b2c3d4e5f60718", "subnet-0a1b2c3d4e5f60719", "subnet-0a1b2c3d4e5f6071a"}
			if c.pct(15) {
				subnets = subnets[:1]
			}
			return []cattr{
				ref("name", `"${var.name}-asg"`, []string{"var.name"}, func(ic *ictx) any { return ic.nm("asg") }),
				lit("min_size", 1),
				lit("max_size", 3+c.r.IntN(10)),
				lit("desired_capacity", 2),
				lit("vpc_zone_identifier", subnets),
				lit("health_check_type", c.pick("ELB", "ELB", "ELB", "EC2")),
				lit("health_check_grace_period", 300),
				ref("target_group_arns", "[aws_lb_target_group.this.arn]", []string{"aws_lb_target_group.this.arn", "aws_lb_target_group.this"},
					func(ic *ictx) any { return []any{ic.arn("elasticloadbalancing", "targetgroup/"+ic.nm("tg"))} }),
				lit("termination_policies", []any{"OldestLaunchTemplate"}),
				nested("launch_template", map[string]any{"id": "lt-0a1b2c3d4e5f60718", "version": "$Latest", "name": ""}),
				nested("instance_refresh", map[string]any{"strategy": "Rolling", "triggers": []any{"tag"}}),
				nested("tag", map[string]any{"key": "owner", "value": "platform", "propagate_at_launch": true},
					map[string]any{"key": "environment", "value": "production", "propagate_at_launch": true}),
			}
		},
		computed: []comp{{"arn", func(ic *ictx) any {
			return ic.arn("autoscaling", "autoScalingGroup:"+ic.hex(8)+":autoScalingGroupName/"+ic.nm("asg"))
		}},
			{"id", func(ic *ictx) any { return ic.nm("asg") }}},
		mutate:   func(ic *ictx, m map[string]any) { m["desired_capacity"] = 1 },
		forceNew: []string{"name"},
	}

	asgSchedule = &typeSpec{
		typ: "aws_autoscaling_schedule", mode: "managed", provider: providerAWS, file: "main.tf",
		config: func(c *bctx) []cattr {
			return []cattr{
				lit("scheduled_action_name", "nightly-stop"),
				ref("autoscaling_group_name", "aws_autoscaling_group.this.name", []string{"aws_autoscaling_group.this.name", "aws_autoscaling_group.this"},
					func(ic *ictx) any { return ic.nm("asg") }),
				lit("min_size", 0), lit("max_size", 0), lit("desired_capacity", 0),
				lit("recurrence", "0 19 * * MON-FRI"),
				lit("time_zone", "Europe/Dublin"),
			}
		},
		computed: []comp{{"arn", func(ic *ictx) any { return ic.arn("autoscaling", "scheduledUpdateGroupAction:"+ic.hex(8)) }}, {"id", func(ic *ictx) any { return "nightly-stop" }},
			{"start_time", func(ic *ictx) any { return "2026-11-25T19:00:00Z" }}, {"end_time", func(ic *ictx) any { return "" }}},
		forceNew: []string{"scheduled_action_name"},
	}

	vpc = &typeSpec{
		typ: "aws_vpc", mode: "managed", provider: providerAWS, file: "main.tf",
		config: func(c *bctx) []cattr {
			return []cattr{
				lit("cidr_block", fmt.Sprintf("10.%d.0.0/16", c.r.IntN(250))),
				lit("enable_dns_hostnames", true), lit("enable_dns_support", true), lit("instance_tenancy", "default"),
				tagsAttr("vpc"),
			}
		},
		computed: []comp{{"arn", func(ic *ictx) any { return ic.arn("ec2", "vpc/vpc-"+ic.hex(17)) }},
			{"default_security_group_id", func(ic *ictx) any { return "sg-" + ic.hex(17) }}, id("vpc-"),
			{"main_route_table_id", func(ic *ictx) any { return "rtb-" + ic.hex(17) }}, {"owner_id", func(ic *ictx) any { return awsAccount }}},
		mutate:   func(ic *ictx, m map[string]any) { m["enable_dns_hostnames"] = false },
		forceNew: []string{"cidr_block"},
	}

	subnet = &typeSpec{
		typ: "aws_subnet", mode: "managed", provider: providerAWS, file: "main.tf",
		config: func(c *bctx) []cattr {
			return []cattr{
				ref("vpc_id", "aws_vpc.this.id", []string{"aws_vpc.this.id", "aws_vpc.this"}, func(ic *ictx) any { return "vpc-" + ic.hex(17) }),
				ref("cidr_block", "cidrsubnet(aws_vpc.this.cidr_block, 8, index(local.zones, each.key))", []string{"aws_vpc.this.cidr_block", "aws_vpc.this", "local.zones", "each.key"},
					func(ic *ictx) any { return fmt.Sprintf("10.%d.%d.0/24", ic.r.IntN(250), ic.r.IntN(250)) }),
				ref("availability_zone", "each.key", []string{"each.key"}, func(ic *ictx) any { return fmt.Sprint(ic.in.key) }),
				lit("map_public_ip_on_launch", false),
				tagsAttr("subnet"),
			}
		},
		computed: []comp{{"arn", func(ic *ictx) any { return ic.arn("ec2", "subnet/subnet-"+ic.hex(17)) }}, id("subnet-"), {"owner_id", func(ic *ictx) any { return awsAccount }}},
		mutate:   func(ic *ictx, m map[string]any) { m["map_public_ip_on_launch"] = true },
		forceNew: []string{"cidr_block", "availability_zone"},
	}

	policyDoc = &typeSpec{
		typ: "aws_iam_policy_document", mode: "data", provider: providerAWS, file: "data.tf",
		config: func(c *bctx) []cattr {
			return []cattr{
				nested("statement", map[string]any{"effect": "Allow", "actions": []any{"sts:AssumeRole"}, "resources": []any{}, "sid": ""}),
				ref("source_policy_documents", "[var.extra_policy]", []string{"var.extra_policy"}, func(ic *ictx) any { return []any{policyJSON(ic, "s3:GetObject", "*")} }),
			}
		},
		computed: []comp{{"id", func(ic *ictx) any { return fmt.Sprint(ic.r.Uint32()) }}, {"json", func(ic *ictx) any { return assumeJSON("ecs-tasks.amazonaws.com") }}},
	}

	callerIdentity = &typeSpec{
		typ: "aws_caller_identity", mode: "data", provider: providerAWS, file: "data.tf",
		config: func(c *bctx) []cattr { return nil },
		computed: []comp{{"account_id", func(ic *ictx) any { return awsAccount }}, {"arn", func(ic *ictx) any { return "arn:aws:sts::" + awsAccount + ":assumed-role/terraform/ci" }},
			{"id", func(ic *ictx) any { return awsAccount }}, {"user_id", func(ic *ictx) any { return "AROA" + ic.hex(17) + ":ci" }}},
	}

	opexEnvironment = &typeSpec{
		typ: "opex_environment", mode: "managed", provider: providerOpex, file: "main.tf", fixedAction: ActNoop,
		config: func(c *bctx) []cattr {
			return []cattr{
				lit("workload_id", "7d3c6f0e-8f6a-4f0e-9b8e-2a1d4c5b6e7f"),
				lit("name", "production"),
				lit("stage", "production"),
				lit("managed_by_code", true),
				{name: "controls", lit: []map[string]any{{"required_approvals": 2, "max_batch_size": 200, "require_rollback_plan": true,
					"require_readiness_review": true, "change_window": "Tue-Thu 09:00-16:00"}}, nested: true, single: true},
			}
		},
		computed: []comp{{"id", func(ic *ictx) any { return "0b9c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3" }}, {"is_production", func(ic *ictx) any { return true }}},
	}
)

func (c *bctx) pick7() int { return []int{1, 7, 7, 14, 30}[c.r.IntN(5)] }

func policyJSON(ic *ictx, action, resource string) string {
	return jsonString(map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
		"Sid": "Default", "Effect": "Allow", "Action": action, "Resource": resource,
		"Principal": map[string]any{"AWS": "arn:aws:iam::" + awsAccount + ":root"}}}})
}

func assumeJSON(service string) string {
	return jsonString(map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
		"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": map[string]any{"Service": service}}}})
}

// containerDefs is the JSON string ECS keeps; image tags are versions, git
// SHAs or (for some blocks) latest.
func containerDefs(ic *ictx, latest bool) string {
	tag := "v1." + fmt.Sprint(ic.r.IntN(40)) + "." + fmt.Sprint(ic.r.IntN(10))
	if ic.r.IntN(3) == 0 {
		tag = ic.hex(12)
	}
	if latest {
		tag = "latest"
	}
	return jsonString([]any{map[string]any{
		"name": "app", "image": awsAccount + ".dkr.ecr.eu-west-1.amazonaws.com/" + ic.in.mi.service + ":" + tag,
		"essential": true, "cpu": 0, "portMappings": []any{map[string]any{"containerPort": 8080, "hostPort": 8080, "protocol": "tcp"}},
		"environment": []any{map[string]any{"name": "ENVIRONMENT", "value": ic.env()}, map[string]any{"name": "LOG_LEVEL", "value": "info"}},
		"logConfiguration": map[string]any{"logDriver": "awslogs", "options": map[string]any{
			"awslogs-group": "/ecs/" + ic.nm("task"), "awslogs-region": defaultRegion, "awslogs-stream-prefix": "app"}},
		"healthCheck": map[string]any{"command": []any{"CMD-SHELL", "curl -f http://localhost:8080/healthz || exit 1"}, "interval": 15, "retries": 3},
	}})
}

var (
	queueKeys  = []string{"orders", "payments", "emails", "events", "exports", "webhooks", "invoices", "refunds"}
	bucketKeys = []string{"assets", "uploads", "exports", "backups", "logs", "reports"}
	tableKeys  = []string{"sessions", "carts", "idempotency", "locks", "profiles", "feature-flags"}
	alarmKeys  = []string{"cpu", "memory", "errors", "latency-p99", "5xx", "throttles", "age"}
	fnKeys     = []string{"ingest", "resize", "notify", "reconcile", "export", "cleanup", "webhook"}
	sgKeys     = []string{"app", "db", "cache", "alb", "bastion", "vpce"}
	zoneKeys   = []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}

	rootKind = &kindSpec{name: "platform", blocks: []blockTmpl{
		{spec: opexEnvironment, name: "production"},
		{spec: callerIdentity, name: "current"},
		{spec: policyDoc, name: "assume"},
		{spec: kmsKey, name: "platform"},
		{spec: iamRole, name: "ci"},
		{spec: securityGroup, name: "shared", rep: repForEach, keys: sgKeys},
		{spec: s3Bucket, name: "this", rep: repForEach, keys: bucketKeys},
		{spec: s3Versioning, name: "this", rep: repForEach, keys: bucketKeys},
		{spec: metricAlarm, name: "platform", rep: repForEach, keys: alarmKeys},
	}}

	moduleKinds = []*kindSpec{
		{name: "service", blocks: []blockTmpl{
			{spec: policyDoc, name: "assume"},
			{spec: iamRole, name: "task"},
			{spec: securityGroup, name: "service", rep: repForEach, keys: sgKeys[:2]},
			{spec: taskDefinition, name: "this"},
			{spec: ecsService, name: "this"},
			{spec: targetGroup, name: "this"},
			{spec: metricAlarm, name: "service", rep: repForEach, keys: alarmKeys},
			{spec: sqsQueue, name: "work", rep: repForEach, keys: queueKeys, optional: true},
		}},
		{name: "database", blocks: []blockTmpl{
			{spec: kmsKey, name: "db"},
			{spec: dbInstance, name: "main"},
			{spec: dbInstance, name: "replica", rep: repCount, optional: true},
			{spec: securityGroup, name: "db", rep: repForEach, keys: sgKeys[1:2]},
			{spec: metricAlarm, name: "db", rep: repForEach, keys: alarmKeys},
		}},
		{name: "aurora", blocks: []blockTmpl{
			{spec: kmsKey, name: "db"},
			{spec: rdsCluster, name: "main"},
			{spec: rdsClusterInstance, name: "main", rep: repCount},
			{spec: metricAlarm, name: "cluster", rep: repForEach, keys: alarmKeys},
		}},
		{name: "cache", blocks: []blockTmpl{
			{spec: elasticache, name: "this"},
			{spec: securityGroup, name: "cache", rep: repForEach, keys: sgKeys[2:3]},
			{spec: metricAlarm, name: "cache", rep: repForEach, keys: alarmKeys},
		}},
		{name: "queues", blocks: []blockTmpl{
			{spec: kmsKey, name: "queue"},
			{spec: sqsQueue, name: "this", rep: repForEach, keys: queueKeys},
			{spec: sqsQueue, name: "dlq", rep: repForEach, keys: queueKeys},
			{spec: metricAlarm, name: "age", rep: repForEach, keys: queueKeys},
		}},
		{name: "storage", blocks: []blockTmpl{
			{spec: s3Bucket, name: "this", rep: repForEach, keys: bucketKeys},
			{spec: s3Versioning, name: "this", rep: repForEach, keys: bucketKeys},
			{spec: dynamoTable, name: "this", rep: repForEach, keys: tableKeys},
			{spec: metricAlarm, name: "throttles", rep: repForEach, keys: tableKeys, optional: true},
		}},
		{name: "compute", blocks: []blockTmpl{
			{spec: policyDoc, name: "assume"},
			{spec: iamRole, name: "node"},
			{spec: loadBalancer, name: "this"},
			{spec: targetGroup, name: "this"},
			{spec: asg, name: "this"},
			{spec: asgSchedule, name: "nightly", optional: true},
			{spec: ec2Instance, name: "bastion", rep: repCount},
			{spec: ebsVolume, name: "data", rep: repCount},
			{spec: metricAlarm, name: "node", rep: repForEach, keys: alarmKeys},
		}},
		{name: "functions", blocks: []blockTmpl{
			{spec: policyDoc, name: "assume"},
			{spec: iamRole, name: "lambda", rep: repForEach, keys: fnKeys},
			{spec: lambdaFunction, name: "this", rep: repForEach, keys: fnKeys},
			{spec: sqsQueue, name: "dlq", rep: repForEach, keys: fnKeys},
			{spec: metricAlarm, name: "errors", rep: repForEach, keys: fnKeys},
		}},
		{name: "network", blocks: []blockTmpl{
			{spec: vpc, name: "this"},
			{spec: subnet, name: "private", rep: repForEach, keys: zoneKeys},
			{spec: subnet, name: "public", rep: repForEach, keys: zoneKeys},
			{spec: securityGroup, name: "endpoints", rep: repForEach, keys: sgKeys},
		}},
	}
)
