import torch

print("开始时:", torch.is_anomaly_enabled())
with torch.autograd.set_detect_anomaly(True):
    print("with 块内:", torch.is_anomaly_enabled())
print("块结束后:", torch.is_anomaly_enabled())

torch.autograd.set_detect_anomaly(True)
print("直接调用后:", torch.is_anomaly_enabled())
torch.autograd.set_detect_anomaly(False)
print("关掉以后:", torch.is_anomaly_enabled())

with torch.autograd.detect_anomaly():
    print("detect_anomaly() 块内:", torch.is_anomaly_enabled())
