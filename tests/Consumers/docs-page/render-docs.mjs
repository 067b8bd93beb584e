// Loads the /docs page in headless Chromium (Debian's, driven by playwright-core) and prints, as JSON, every request
// the page made and what it rendered, for the test that calls it to judge.
//
//   node render-docs.mjs URL CHROMIUM_PATH PLAYWRIGHT_CORE_PATH
const [url, chromiumPath, playwrightCore] = process.argv.slice(2);
const { chromium } = await import(playwrightCore);

const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox"] });
const requests = [];
try {
  const context = await browser.newContext({ serviceWorkers: "block" });
  context.on("request", (request) => requests.push(request.url()));
  const page = await context.newPage();
  page.on("websocket", (socket) => requests.push(socket.url()));
  const failures = [];
  page.on("pageerror", (error) => failures.push(String(error)));
  await page.goto(url, { waitUntil: "networkidle", timeout: 60_000 });
  // Scalar renders after it fetched and parsed the contract: wait for the operations, then for the network to settle.
  await page.waitForSelector("[id*='POST/v1/tenants']", { timeout: 60_000 }).catch(() => {});
  await page.waitForLoadState("networkidle");
  const rendered = await page.evaluate(() => ({
    text: document.body.innerText,
    ids: [...document.querySelectorAll("[id]")].map((element) => element.id),
    links: [...document.querySelectorAll("a[href]")].filter((anchor) => anchor.checkVisibility()).map((anchor) => anchor.href),
  }));
  console.log(JSON.stringify({ requests, failures, ...rendered }));
} finally {
  await browser.close();
}
