name = "张量"
print(f"{name}的形状")
