export const sftpConfig = {
  host: 'sftp.payer-partner.example',
  port: 22,
  username: 'acme_eligibility',
  password: process.env.PAYER_SFTP_PASSWORD, // ok: no-hardcoded-credentials
  privateKeyPath: '/etc/acme/keys/payer_sftp_ed25519', // ok: no-hardcoded-credentials
};

export const warehouseUrl = process.env.WAREHOUSE_URL ?? 'postgres://etl_ro:Wh-3tl-r34d0nly@warehouse.internal:5432/analytics'; // expect: no-hardcoded-credentials

export const reportingDb = {
  connectionString: 'postgresql://reporting@reporting-db.internal:5432/reporting?sslmode=require', // ok: no-hardcoded-credentials
};

export const labInterface = {
  baseUrl: 'http://lis-gateway.lab.internal:8081',
  apiToken: 'lis_tok_8c1f4e2a9b7d3c6e5f0a1b2c3d4e5f6a', // expect: no-hardcoded-credentials
  timeoutMs: 15_000,
};

export const awsCredentials = {
  accessKeyId: 'AKIAQ3EGRTWPLM4NXZ7K', // expect: no-hardcoded-credentials
  secretAccessKey: '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', // expect: no-hardcoded-credentials
  region: 'us-east-1',
};

export const slack = {
  webhookUrl: process.env.SLACK_ONCALL_WEBHOOK, // ok: no-hardcoded-credentials
  channel: '#etl-alerts',
};
