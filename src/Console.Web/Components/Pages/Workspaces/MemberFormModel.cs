using System.ComponentModel.DataAnnotations;
using AdminConsole.Domain.Model.Workspaces;

namespace AdminConsole.Web.Components.Pages.Workspaces;

public sealed class MemberFormModel
{
    [Required(ErrorMessage = "Display name is required.")]
    [StringLength(Member.DisplayNameMaxLength, ErrorMessage = "Display name must be at most 120 characters.")]
    public string? DisplayName { get; set; }

    [Required(ErrorMessage = "Email is required.")]
    [StringLength(Member.EmailMaxLength, ErrorMessage = "Email must be at most 254 characters.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    public string? Email { get; set; }

    [Required(ErrorMessage = "User object id is required.")]
    [RegularExpression("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", ErrorMessage = "Enter the Entra ID object id, a GUID such as 7c9e6679-7425-40de-944b-e07fc1f90ae7.")]
    public string? UserObjectId { get; set; }

    public Guid? TeamId { get; set; }
}
