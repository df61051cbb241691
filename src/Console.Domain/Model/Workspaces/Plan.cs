namespace AdminConsole.Domain.Model.Workspaces;

/// <summary>The customer's subscription plan; retention and DLP commitments differ per plan.</summary>
public enum Plan
{
    Free = 0,
    Plus = 1,
    Business = 2,
    Enterprise = 3,
}
