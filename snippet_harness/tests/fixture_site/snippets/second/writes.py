import pathlib

pathlib.Path("结果.txt").write_text("可以写在工作目录里", encoding="utf-8")
print(pathlib.Path("结果.txt").read_text(encoding="utf-8"))
