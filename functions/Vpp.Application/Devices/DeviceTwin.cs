using System.Text.Json.Nodes;

namespace Vpp.Application.Devices;

/// <summary>A device twin as IoT Hub shapes it.</summary>
public sealed record DeviceTwin(string DeviceId, string? ETag, long Version, JsonObject Tags, JsonObject Desired, JsonObject Reported);
