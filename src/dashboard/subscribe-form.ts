import { escapeHtml as h } from "../util/escape-html";

export type SubscribeNotice = { kind: "sent" | "error"; text: string };

/** "Get updates": a plain POST form (no script); the signed token proves it was served by us. */
export function subscribeForm(
  providerId: string,
  components: string[],
  opts: { notice?: SubscribeNotice; formToken: string; subscribeEnabled: boolean },
): string {
  const notice = opts.notice ? `<p class="notice" role="status" id="subscribe-notice" data-kind="${opts.notice.kind}">${h(opts.notice.text)}</p>` : "";
  if (!opts.subscribeEnabled)
    return `${notice}<p class="empty">Email updates are not enabled on this statuswatch (it needs SMTP_URL and API_KEY or TOKEN_SECRET).</p>`;
  const boxes = components.length
    ? `<fieldset><legend>Only these components (none ticked: all)</legend>${components
        .map((c, i) => `<label style="display:block"><input type="checkbox" name="component" value="${h(c)}" id="c${i}"> ${h(c)}</label>`)
        .join("")}</fieldset>`
    : "";
  return `${notice}<form method="post" action="/providers/${encodeURIComponent(providerId)}/subscribe">
<input type="hidden" name="token" value="${h(opts.formToken)}">
<p><label for="email">Email address</label><br><input id="email" name="email" type="email" required maxlength="254" autocomplete="email"></p>
${boxes}<p><button type="submit">Get updates</button></p><p class="muted">We send one email to confirm the address; nothing else is sent until you confirm.</p></form>`;
}
