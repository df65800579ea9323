"""`python -m bench.lcp`: Largest Contentful Paint on an emulated phone, production mode.

Steps: a temporary SQLite database with the demo data, collectstatic into a
temporary folder, gunicorn (2 sync workers, DEBUG off, WhiteNoise serving the
compressed static files) on a free loopback port, then Debian's headless
Chromium, driven by Playwright, loads each page with a cold cache under the
throttling Lighthouse applies for its mobile run (DevTools "applied"
throttling: 562.5 ms round trip, 1474.56 kbit/s down, 675 kbit/s up, CPU 4x
slower) and a 412 x 823 phone screen. The LCP is read from the page's own
PerformanceObserver; what the page downloaded from its Resource Timing
entries. Each page is loaded `--runs` times; the median is reported against
the 2.5 s target (Core Web Vitals "good"). The exit status is 1 if a page
misses it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.__main__ import ErroreBench, ambiente, gunicorn, manage, porta_libera

CHROMIUM = "/usr/bin/chromium"
PAGINE = ("/", "/case-di-quartiere/", "/attivita/")
OBIETTIVO_LCP_MS = 2500
# Lighthouse's mobile preset, applied through the DevTools protocol
# (lighthouse-core/config/constants.js, throttling.mobileSlow4G, "devtools" method).
RTT_MS = 562.5
DOWNLOAD_KBPS = 1474.56
UPLOAD_KBPS = 675
RALLENTAMENTO_CPU = 4
SCHERMO = {"width": 412, "height": 823}
USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36"
)

# Resolves with the last LCP candidate once the page has loaded and gone quiet.
LEGGI_LCP = """() => new Promise((resolve) => {
    new PerformanceObserver((lista) => {
        const voci = lista.getEntries();
        const ultima = voci[voci.length - 1];
        const e = ultima.element;
        resolve({
            ms: ultima.startTime,
            elemento: e ? e.tagName.toLowerCase() + (e.className ? "." + e.className : "") : "",
        });
    }).observe({type: "largest-contentful-paint", buffered: true});
})"""
LEGGI_RISORSE = """() => {
    const voci = [performance.getEntriesByType("navigation")[0],
                  ...performance.getEntriesByType("resource")];
    return voci.map((v) => ({nome: v.name, tipo: v.initiatorType, byte: v.transferSize}));
}"""


# Resource Timing's initiatorType, in the words of the report.
TIPI = {
    "navigation": "HTML",
    "link": "CSS",
    "css": "font",
    "script": "JS",
    "img": "immagini",
    "other": "SVG",
    "fetch": "fetch",
}


@dataclass(frozen=True)
class Misura:
    lcp_ms: float
    elemento: str
    byte_per_tipo: dict[str, int]
    richieste: int


def argomenti(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.lcp", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--runs", type=int, default=3, help="caricamenti a freddo per pagina")
    parser.add_argument(
        "--page", action="append", default=[], metavar="PERCORSO", help="pagina da misurare"
    )
    return parser.parse_args(argv)


def compressione(url: str) -> str:
    """The Content-Encoding WhiteNoise answers for `url` to a browser accepting br and gzip."""
    # Always http://127.0.0.1:<port>/static/..., built by this module.
    richiesta = urllib.request.Request(url, headers={"Accept-Encoding": "br, gzip"})  # noqa: S310
    with urllib.request.urlopen(richiesta, timeout=10) as risposta:  # noqa: S310
        return risposta.headers.get("Content-Encoding", "nessuna")


def misura(browser, url: str) -> Misura:
    """Load `url` once with a cold cache on the throttled phone."""
    contesto = browser.new_context(
        viewport=SCHERMO,
        device_scale_factor=1.75,
        is_mobile=True,
        has_touch=True,
        user_agent=USER_AGENT,
        locale="it-IT",
    )
    try:
        pagina = contesto.new_page()
        cdp = contesto.new_cdp_session(pagina)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": RTT_MS,
                "downloadThroughput": DOWNLOAD_KBPS * 1024 / 8,
                "uploadThroughput": UPLOAD_KBPS * 1024 / 8,
            },
        )
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": RALLENTAMENTO_CPU})
        pagina.goto(url, wait_until="load", timeout=120_000)
        pagina.wait_for_timeout(1000)
        lcp = pagina.evaluate(LEGGI_LCP)
        byte_per_tipo: dict[str, int] = {}
        risorse = pagina.evaluate(LEGGI_RISORSE)
        for risorsa in risorse:
            tipo = TIPI.get(risorsa["tipo"], risorsa["tipo"])
            byte_per_tipo[tipo] = byte_per_tipo.get(tipo, 0) + risorsa["byte"]
        return Misura(lcp["ms"], lcp["elemento"], byte_per_tipo, len(risorse))
    finally:
        contesto.close()


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    opzioni = argomenti(argv)
    pagine = opzioni.page or list(PAGINE)
    if not Path(CHROMIUM).exists():
        raise ErroreBench(f"{CHROMIUM} non trovato: apt-get install chromium")
    with tempfile.TemporaryDirectory(prefix="cdq-lcp-") as cartella:
        env = ambiente(f"sqlite:///{cartella}/lcp.sqlite3", f"{cartella}/static")
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_demo", "--allow-production")
        manage(env, "collectstatic", "--noinput", "-v0")
        porta = porta_libera()
        base = f"http://127.0.0.1:{porta}"
        esiti = []
        with gunicorn(env, porta, Path(cartella) / "gunicorn.log"), sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            try:
                for percorso in pagine:
                    misure = [misura(browser, base + percorso) for _ in range(opzioni.runs)]
                    esiti.append((percorso, misure))
                pagina = browser.new_page()
                pagina.goto(base + "/")
                css = pagina.eval_on_selector('link[rel="stylesheet"]', "e => e.href")
                js = pagina.eval_on_selector("script[src]", "e => e.src")
            finally:
                browser.close()
            codifiche = {"CSS": compressione(css), "JS": compressione(js)}

    print(
        f"\nLCP, telefono emulato ({SCHERMO['width']}x{SCHERMO['height']}, "
        f"CPU {RALLENTAMENTO_CPU}x, RTT {RTT_MS} ms, {DOWNLOAD_KBPS} kbit/s), cache vuota, "
        f"mediana di {opzioni.runs}:\n"
    )
    print(
        "| pagina | LCP mediano | min–max | elemento LCP | richieste "
        "| KB trasferiti (per tipo) | esito |"
    )
    print("| --- | ---: | ---: | --- | ---: | --- | --- |")
    mancati = 0
    for percorso, misure in esiti:
        valori = [m.lcp_ms for m in misure]
        mediana = statistics.median(valori)
        ultima = misure[-1]
        per_tipo = ", ".join(
            f"{tipo} {byte / 1024:.0f}" for tipo, byte in sorted(ultima.byte_per_tipo.items())
        )
        esito = "ok" if mediana <= OBIETTIVO_LCP_MS else "oltre 2,5 s"
        mancati += mediana > OBIETTIVO_LCP_MS
        print(
            f"| `{percorso}` | {mediana / 1000:.2f} s | {min(valori) / 1000:.2f}–"
            f"{max(valori) / 1000:.2f} s | `{ultima.elemento}` | {ultima.richieste} | "
            f"{per_tipo} | {esito} |"
        )
    print(f"\nCodifica dei file statici servita da WhiteNoise: {codifiche}")
    return 1 if mancati else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except ErroreBench as errore:
        sys.exit(f"bench.lcp: {errore}")
