"""Log in to a running platform as a demo user, as a browser would, and check the landing page."""

import http.cookiejar
import re
import sys
import urllib.parse
import urllib.request

base, email = sys.argv[1], sys.argv[2]
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
page = opener.open(f"{base}/accounts/login/").read().decode()
token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
data = urllib.parse.urlencode(
    {"csrfmiddlewaretoken": token, "login": email, "password": "mobilex-demo"}
).encode()
request = urllib.request.Request(
    f"{base}/accounts/login/", data=data, headers={"Referer": f"{base}/accounts/login/"}
)
response = opener.open(request)
landing = response.read().decode()
assert response.url.endswith("/a/betschdorf/"), f"landed on {response.url}"
assert "Antenne rurale de Betschdorf" in landing, "the antenna's home page did not show"
print(f"logged in as {email}: landed on {response.url}")
