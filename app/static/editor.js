// Live preview: the server renders the body with the public page's sanitising renderer.
// Without JavaScript the form's Preview button does the same with a full page load.
document.addEventListener("DOMContentLoaded", () => {
  const body = document.querySelector("textarea[data-preview]");
  const form = document.getElementById("article-form");
  if (!body || !form) return;
  const target = document.querySelector(body.dataset.preview);
  const token = form.querySelector("input[name=csrf_token]").value;
  let timer = null;
  const refresh = async () => {
    const data = new URLSearchParams({ body: body.value, csrf_token: token });
    const response = await fetch("/editor/preview", { method: "POST", body: data, credentials: "same-origin" });
    if (response.ok) target.innerHTML = await response.text();  // already sanitised by nh3 on the server
  };
  body.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(refresh, 300); });
});
