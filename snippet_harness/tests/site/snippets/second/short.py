print("一行")
