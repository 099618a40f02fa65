for n in range(1, 4):
    print(n, n * n)
