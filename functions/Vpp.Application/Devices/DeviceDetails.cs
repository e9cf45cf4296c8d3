using System.Text.Json.Nodes;
using Vpp.Application.Forecasting;
using Vpp.Domain.Devices;
using Vpp.Domain.Telemetry;

namespace Vpp.Application.Devices;

/// <summary>Everything the portal shows about one device, including what the planner learned about its household.</summary>
public sealed record DeviceDetails(
    string DeviceId,
    string ProgramId,
    string Type,
    DeviceRatings Ratings,
    string Status,
    DeviceTwinView? Twin,
    LatestReading? Latest,
    IReadOnlyList<RollupView> Rollups15Min,
    LearnedDeviceHabits? Habits);
