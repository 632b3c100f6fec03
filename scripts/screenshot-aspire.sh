#!/usr/bin/env bash
# Screenshots of the Aspire dashboard of a running AppHost (dotnet run --project src/Aaba.AppHost): one lead task's
# trace across the API and silo processes, the resources, a silo's Aaba metrics and the structured logs. Submits the
# tasks itself, the lead task with a known trace id.
#   scripts/screenshot-aspire.sh LOGIN_URL API_URL [out-dir]
#     LOGIN_URL  the "Login to the dashboard at http://localhost:18888/login?t=..." line the AppHost prints
#     API_URL    the api resource's URL (its row in the dashboard), e.g. http://localhost:41234
# Needs Debian's chromium (apt-get install chromium) and npm (installs playwright-core into a temporary folder:
# the dashboard is a Blazor app, which chromium's --screenshot alone captures blank).
set -euo pipefail
login=${1:?usage: $0 LOGIN_URL API_URL [out-dir]}
api=${2:?usage: $0 LOGIN_URL API_URL [out-dir]}
out=$(cd "${3:-$(dirname "$0")/../docs}" && pwd)
command -v chromium >/dev/null || { echo "chromium is not installed: apt-get install chromium" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

trace=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
span=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
curl -fsS -X POST "$api/agents/run-lead" -H "traceparent: 00-$trace-$span-01" -H 'content-type: application/json' \
  -d '{"query": "python fastapi", "limit": 3}' >/dev/null
for i in $(seq 1 20); do   # a little more traffic for the metrics page
  curl -fsS -X POST "$api/agents/add/run" -H 'content-type: application/json' -d "{\"x\": $i, \"y\": 1}" >/dev/null
done
sleep 5   # the tasks finish and their telemetry reaches the dashboard (exported every second)

(cd "$work" && npm init -y >/dev/null && npm install --silent playwright-core@1 >/dev/null)
cat >"$work/shot.js" <<'JS'
const { chromium } = require('playwright-core');
(async () => {
  const [login, trace, out] = process.argv.slice(2);
  const base = new URL(login).origin;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(login);
  await page.waitForLoadState('networkidle');
  const shot = async (path, file) => {
    await page.goto(base + path);
    await page.waitForTimeout(5000);
    // Notices such as "no trusted development certificate" are dismissed first.
    for (const dismiss of await page.locator('.dashboard-message-bar-dismiss').all()) {
      try { await dismiss.click({ timeout: 1000 }); } catch { }
    }
    await page.waitForTimeout(1000);
    await page.screenshot({ path: `${out}/${file}` });
    console.log(`wrote ${out}/${file}`);
  };
  await shot(`/traces/detail/${trace}`, 'aspire-trace.png');
  await shot('/', 'aspire-resources.png');
  await shot('/metrics/resource/silo-1?meter=Aaba&instrument=aaba.tasks.finished&duration=5&view=Graph', 'aspire-metrics.png');
  await shot('/structuredlogs', 'aspire-logs.png');
  await browser.close();
})().catch(error => { console.error(error); process.exit(1); });
JS
(cd "$work" && node shot.js "$login" "$trace" "$out")
echo "trace $trace"
