using System.Text.Json;

namespace Vpp.Functions.Programs;

public sealed record ProgramRequest(
    string? ProgramId, string? Name, string? TimeZone, int? TelemetryIntervalSeconds, bool? AutonomousScheduling, string? DayAheadLocalTime, string? Objective, JsonElement? Tariff,
    EventRulesBody? EventRules,
    double? ProposeEventsAboveKw = null,
    string? Holidays = null);
