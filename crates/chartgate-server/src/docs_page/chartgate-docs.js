// chartgate's reference page: starts Swagger UI on this server's OpenAPI
// document, and hands it an access token minted from a pasted refresh token
// (or from a successful try-it call of POST /api/token). Talks to this
// server only.
'use strict';
(function () {
  const SCHEME = 'bearerAuth';
  const tokenUrl = new URL('api/token', document.baseURI).href;
  const status = document.getElementById('mint-status');
  let ready = false;
  let pending = null;

  function say(text, kind) {
    status.textContent = text;
    status.className = 'cg-status' + (kind ? ' ' + kind : '');
  }

  function authorize(body, how) {
    if (!ready) { pending = [body, how]; return; }
    ui.preauthorizeApiKey(SCHEME, body.token);
    const until = new Date(Date.now() + body.expires_in * 1000).toLocaleTimeString();
    say('Authorized ' + how + ': access token valid until ' + until + ' (scope "' + body.scope +
      '"). Every Execute below sends it as Authorization: Bearer.', 'ok');
  }

  function isMint(res) {
    return res && res.ok && typeof res.url === 'string' && res.url.split('?')[0] === tokenUrl;
  }

  const ui = SwaggerUIBundle({
    url: new URL('api/openapi.json', document.baseURI).href,
    dom_id: '#swagger-ui',
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    deepLinking: false,
    validatorUrl: null,
    tryItOutEnabled: true,
    displayRequestDuration: true,
    showExtensions: true,
    persistAuthorization: false,
    onComplete: function () {
      ready = true;
      if (pending) { const p = pending; pending = null; authorize(p[0], p[1]); }
    },
    responseInterceptor: function (res) {
      const body = res.body || res.obj;
      if (isMint(res) && body && typeof body.token === 'string') authorize(body, 'from the try-it call');
      return res;
    },
  });

  document.getElementById('mint-form').addEventListener('submit', async function (event) {
    event.preventDefault();
    const input = document.getElementById('refresh-token');
    const button = document.getElementById('mint');
    const refreshtoken = input.value;
    if (!refreshtoken) { say('Paste a refresh token first.', 'err'); return; }
    button.disabled = true;
    say('Minting…');
    try {
      const res = await fetch(tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refreshtoken: refreshtoken }),
        credentials: 'omit',
        cache: 'no-store',
      });
      const body = await res.json().catch(function () { return {}; });
      if (res.ok && typeof body.token === 'string') {
        input.value = '';
        authorize(body, 'with the minted token');
      } else {
        say('Mint failed (' + res.status + '): ' + (body.error || res.statusText), 'err');
      }
    } catch (e) {
      say('Mint failed: ' + e, 'err');
    } finally {
      button.disabled = false;
    }
  });
})();
