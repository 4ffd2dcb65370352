/** Notification settings, from the environment only (never from files, flags or stack config). */
export interface NotifySettings {
  slack: { webhookUrl: string } | null;
  notion: { token: string; databaseId: string; baseUrl: string | null } | null;
  /** Settings that were half given (e.g. a Notion token without a database id), by variable name. */
  problems: string[];
}

export const ENV = {
  slackWebhookUrl: "NEUROPILOT_SLACK_WEBHOOK_URL",
  notionToken: "NEUROPILOT_NOTION_TOKEN",
  notionDatabaseId: "NEUROPILOT_NOTION_DATABASE_ID",
  /** Optional: another Notion API base URL (a proxy, or a local receiver in tests). */
  notionBaseUrl: "NEUROPILOT_NOTION_BASE_URL",
} as const;

export function readNotifySettings(env: Readonly<Record<string, string | undefined>>): NotifySettings {
  const get = (k: string) => {
    const v = env[k]?.trim();
    return v ? v : null;
  };
  const problems: string[] = [];
  const url = get(ENV.slackWebhookUrl);
  let slack: NotifySettings["slack"] = null;
  if (url) {
    if (/^https?:\/\//i.test(url)) slack = { webhookUrl: url };
    else problems.push(`${ENV.slackWebhookUrl} is not an http(s) URL`);
  }
  const token = get(ENV.notionToken);
  const db = get(ENV.notionDatabaseId);
  let notion: NotifySettings["notion"] = null;
  if (token && db) notion = { token, databaseId: db, baseUrl: get(ENV.notionBaseUrl) };
  else if (token) problems.push(`${ENV.notionToken} is set but ${ENV.notionDatabaseId} is not`);
  else if (db) problems.push(`${ENV.notionDatabaseId} is set but ${ENV.notionToken} is not`);
  return { slack, notion, problems };
}
