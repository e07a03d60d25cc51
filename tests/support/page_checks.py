"""Pages as outside checkers judge them: the Nu HTML checker and axe-core."""

import json
import subprocess
import urllib.request


def nu_html_errors(base_url, pages, vnu_jar, directory):
    """The Nu HTML checker's errors for ``pages`` ({name: path}), as "name.html:line: message"."""
    files = []
    for name, path in pages.items():
        with urllib.request.urlopen(base_url + path) as response:
            target = directory / f"{name}.html"
            target.write_bytes(response.read())
            files.append(str(target))
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]


def serious_accessibility_violations(base_url, pages, in_chromium, axe_script):
    """axe-core's serious and critical violations on ``pages`` ({name: path}), by name."""

    async def scenario(browser):
        # The axe script is injected inline; the site's Content-Security-Policy would refuse it.
        context = await browser.new_context(bypass_csp=True)
        found = {}
        for name, path in pages.items():
            page = await context.new_page()
            await page.goto(base_url + path)
            await page.add_script_tag(path=str(axe_script))
            result = await page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            serious = [
                f"{v['id']} ({v['impact']}): {v['help']}"
                for v in result["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            if serious:
                found[name] = serious
            await page.close()
        await context.close()
        return found

    return in_chromium(scenario)
