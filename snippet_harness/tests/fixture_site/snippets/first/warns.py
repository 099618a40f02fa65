import warnings

warnings.warn("演示用的警告", UserWarning)
print("警告之后")
