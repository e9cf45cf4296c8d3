namespace Vpp.Domain.Dispatch;

/// <summary>A program rule an event would break: the rule's name (as the program's rules call it) and why.</summary>
public sealed record DispatchRuleViolation(string Rule, string Message);
