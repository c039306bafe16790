package provider

// sdkLogLevelVars are the variables terraform-plugin-go, -framework and -log read for the level of
// the provider's loggers: the SDK root, its proto and framework subsystems, and the provider logger
// (TF_LOG_PROVIDER_ + the provider type).
var sdkLogLevelVars = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_OPEX"}

// SilenceDiscardedLogs turns the provider's logs off when Terraform (or OpenTofu) would throw them
// away. With no level set, terraform-plugin-log logs everything at TRACE, as JSON on stderr, about
// 100 lines per resource; Terraform parses every line and then drops it unless TF_LOG_PROVIDER or
// TF_LOG is set. Formatting and parsing those lines was half the time of a 500-resource plan.
// When either variable is set, the levels are left to the SDK so that the logs look as they always did.
func SilenceDiscardedLogs(getenv func(string) string, setenv func(string, string) error) {
	if getenv("TF_LOG_PROVIDER") != "" || getenv("TF_LOG") != "" {
		return
	}
	for _, v := range sdkLogLevelVars {
		_ = setenv(v, "off") // os.Setenv fails only on an invalid name
	}
}
