"""A person's export, asked for on /mes-donnees, built by its job and downloaded by its link."""
from __future__ import annotations

import io
import re
import zipfile

from tests.support.helpers import csrf_token, run_jobs


def exported(app, client) -> zipfile.ZipFile:
    """The person's export, asked for on /mes-donnees, built by its job and downloaded by its link."""
    token = csrf_token(client.get("/mes-donnees").get_data(as_text=True))
    status_url = client.post("/mes-donnees/export", data={"csrf_token": token}).headers["Location"]
    run_jobs(app)
    run_jobs(app)
    link = re.search(r'href="(/mes-donnees/export/\d+/telecharger\?jeton=[^"]+)"',
                     client.get(status_url).get_data(as_text=True)).group(1).replace("&amp;", "&")
    response = client.get(link)
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    response.close()
    return archive
