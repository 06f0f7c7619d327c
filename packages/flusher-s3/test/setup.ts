// The AWS default chain must never reach for the EC2 metadata service (a link-local address)
// from a test: credentials come from the config or from the environment only.
process.env.AWS_EC2_METADATA_DISABLED = 'true';
