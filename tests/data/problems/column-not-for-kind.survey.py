"""A wide export whose column A.2-z (asked of countries only) was answered for an organisation."""


def make(tmp_path):
    path = tmp_path / "org.csv"
    path.write_text("id,A.1-x,A.2-z\n1,1,2\n2,1,3\n", encoding="utf-8")
    return path, {"kind": "organisation"}
