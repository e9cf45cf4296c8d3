namespace Vpp.Application.Devices;

public enum RegistrationOutcome
{
    Created,
    Updated,
    Invalid,
    ProgramNotFound,
}
