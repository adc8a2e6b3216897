"""Demo of the protocol's steps on the case « prise en charge »: the director's request for the
pôle and the IEN's mobilisation, the préoccupation partagée team, the adult referent and a shared
observation grid filled by three adults (one of them through a périscolaire link)."""

import datetime

from resources_hub.models import Case, ObservationGrid, PartyRole
from resources_hub.services import observations as obs
from resources_hub.services import protocol

OBSERVATIONS = [
    ("enseignant", 12, "classe", ["silencieux", "changer_place"]),
    ("directeur", 11, "cour", ["seul_recreation", "pres_adultes"]),
    ("directeur", 6, "cour", ["seul_recreation", "rires_collectifs"]),
]


def seed_steps(case: Case, users: dict, today: datetime.date) -> None:
    if ObservationGrid.objects.filter(case=case).exists():
        return
    reported = case.reported_on
    director, ien = users["directeur"], users["ien"]
    Case.objects.filter(pk=case.pk).update(
        pole_requested_on=reported + datetime.timedelta(days=1),
        pole_requested_by=director,
        pole_mobilised_on=reported + datetime.timedelta(days=2),
        pole_contact_on=reported + datetime.timedelta(days=3),
        qualified_on=reported + datetime.timedelta(days=6),
        criterion_repetition=True,
        criterion_power=True,
        criterion_isolation=True,
        track="mpp",
        track_on=reported + datetime.timedelta(days=6),
    )
    case.refresh_from_db()
    team = [users[name] for name in ("pole", "directeur", "enseignant") if name in users]
    protocol.mpp_team_set(case=case, members=team, user=ien)
    target = case.parties.filter(role=PartyRole.TARGET).first()
    protocol.referent_set(
        party=target,
        referent=users["enseignant"],
        on=reported + datetime.timedelta(days=2),
        user=director,
    )
    grid = obs.grid_open(case=case, party=target, user=director)
    ObservationGrid.objects.filter(pk=grid.pk).update(
        started_on=today - datetime.timedelta(days=max(days for _, days, _, _ in OBSERVATIONS))
    )
    for username, days_ago, place, signals in OBSERVATIONS:
        obs.observation_add(
            grid=grid,
            observed_on=today - datetime.timedelta(days=days_ago),
            place=place,
            signals=signals,
            note="",
            observer_name=users[username].display_name,
            user=users[username],
        )
    _, token = obs.link_create(
        grid=grid,
        observer_name="Mme Diallo, animatrice du périscolaire",
        place="cantine",
        user=director,
    )
    obs.link_use(
        token=token,
        observed_on=today - datetime.timedelta(days=4),
        signals=["mange_seul", "rires"],
        note="Mange seul depuis lundi, les autres rient quand il s'approche.",
    )
