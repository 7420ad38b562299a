namespace Vigil.ScrapingService.Ring;

/// <summary>A ring member's state, as dskit names them. Only ACTIVE members own configs.</summary>
public enum MemberState
{
    Pending,
    Joining,
    Active,
    Leaving,
}
