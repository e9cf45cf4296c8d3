using Vpp.Domain.Devices;

namespace Vpp.Functions.Devices;

public sealed record DeviceRequest(string? Type, DeviceRatings? Ratings, string? CustomerId, string? Feeder);
