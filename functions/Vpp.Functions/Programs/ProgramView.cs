using System.Text.Json;
using Vpp.Application.Programs;

namespace Vpp.Functions.Programs;

/// <summary>A program as the API shows it: its tariff as the document its manager gave, not the planner's reading of it.</summary>
public sealed record ProgramView(
    string ProgramId,
    string Name,
    string TimeZoneId,
    int TelemetryIntervalSeconds,
    bool AutonomousScheduling,
    TimeOnly? DayAheadLocalTime,
    TimeOnly DayAheadRunsAt,
    string Objective,
    JsonElement? Tariff,
    EventRulesBody? EventRules,
    double? ProposeEventsAboveKw,
    string Holidays)
{
    public static ProgramView Of(VppProgram program) => new(
        program.ProgramId,
        program.Name,
        program.TimeZoneId,
        program.TelemetryIntervalSeconds,
        program.AutonomousScheduling,
        program.DayAheadLocalTime,
        program.DayAheadRunsAt,
        program.Objective,
        program.Tariff is { } tariff ? JsonSerializer.Deserialize<JsonElement>(tariff.Document) : null,
        program.EventRules is { } rules ? EventRulesBody.Of(rules) : null,
        program.ProposeEventsAboveKw,
        program.FindHolidays().Id);
}
