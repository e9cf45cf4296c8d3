using System.Text.Json.Nodes;

namespace Vpp.Application.Devices;

public sealed record DeviceTwinView(long Version, JsonObject Tags, JsonObject Desired, JsonObject Reported);
