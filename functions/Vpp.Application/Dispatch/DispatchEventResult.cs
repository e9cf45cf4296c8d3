using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;

namespace Vpp.Application.Dispatch;

/// <summary>What became of a request about an event: the event, or why not.</summary>
public sealed record DispatchEventResult(
    DispatchEventOutcome Outcome,
    DispatchEvent? Event,
    IReadOnlyList<FieldError> Errors,
    IReadOnlyList<DispatchRuleViolation> Violations,
    string? Refusal)
{
    public static DispatchEventResult Of(DispatchEvent done) => new(DispatchEventOutcome.Done, done, [], [], null);

    public static DispatchEventResult Failed(DispatchEventOutcome outcome, string? refusal = null) => new(outcome, null, [], [], refusal);
}
