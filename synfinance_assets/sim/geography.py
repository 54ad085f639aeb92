"""Where customers and merchants live: 42 cities, weighted by their state's UPI use.

A city's weight is its state's share of UPI transaction count (NPCI state-wise UPI
statistics, Oct-Dec 2025, renormalised over the states that have a city here),
split among the state's cities by their Census 2011 population. So the payments of
each state come out near its published share, not its population share.
"""

from __future__ import annotations

import numpy as np

# (city, state, population 2011, latitude, longitude)
CITIES: tuple[tuple[str, str, int, float, float], ...] = (
    ("Mumbai", "Maharashtra", 12442373, 19.07283, 72.88261),
    ("Delhi", "Delhi", 11034555, 28.65195, 77.23149),
    ("Bengaluru", "Karnataka", 8443675, 12.97194, 77.59369),
    ("Hyderabad", "Telangana", 6993262, 17.38405, 78.45636),
    ("Ahmedabad", "Gujarat", 5577940, 23.02579, 72.58727),
    ("Chennai", "Tamil Nadu", 4646732, 13.08784, 80.27847),
    ("Kolkata", "West Bengal", 4496694, 22.56263, 88.36304),
    ("Surat", "Gujarat", 4467797, 21.19594, 72.83023),
    ("Pune", "Maharashtra", 3124458, 18.51957, 73.85535),
    ("Jaipur", "Rajasthan", 3046163, 26.91962, 75.78781),
    ("Lucknow", "Uttar Pradesh", 2817105, 26.83928, 80.92313),
    ("Kanpur", "Uttar Pradesh", 2765348, 26.46523, 80.34975),
    ("Nagpur", "Maharashtra", 2405665, 21.14631, 79.08491),
    ("Indore", "Madhya Pradesh", 1964086, 22.71792, 75.8333),
    ("Thane", "Maharashtra", 1841488, 19.1972, 72.9722),
    ("Bhopal", "Madhya Pradesh", 1798218, 23.25469, 77.40289),
    ("Visakhapatnam", "Andhra Pradesh", 1728128, 17.7042, 83.2978),
    ("Pimpri-Chinchwad", "Maharashtra", 1727692, 18.6186, 73.8037),
    ("Patna", "Bihar", 1684222, 25.59408, 85.13563),
    ("Vadodara", "Gujarat", 1670806, 22.29941, 73.20812),
    ("Ghaziabad", "Uttar Pradesh", 1648643, 28.67, 77.42),
    ("Ludhiana", "Punjab", 1618879, 30.91204, 75.85379),
    ("Agra", "Uttar Pradesh", 1585704, 27.18333, 78.01667),
    ("Nashik", "Maharashtra", 1486053, 19.9975, 73.7898),
    ("Faridabad", "Haryana", 1414050, 28.4211, 77.3078),
    ("Meerut", "Uttar Pradesh", 1305429, 28.98, 77.71),
    ("Rajkot", "Gujarat", 1286678, 22.3, 70.7833),
    ("Kalyan-Dombivli", "Maharashtra", 1247327, 19.2502, 73.1602),
    ("Vasai-Virar", "Maharashtra", 1222390, 19.3607, 72.7956),
    ("Varanasi", "Uttar Pradesh", 1198491, 25.3189, 83.0128),
    ("Srinagar", "Jammu And Kashmir", 1180570, 34.0837, 74.7973),
    ("Ranchi", "Jharkhand", 1073427, 23.3441, 85.3096),
    ("Coimbatore", "Tamil Nadu", 1050721, 11.00555, 76.96612),
    ("Raipur", "Chhattisgarh", 1010087, 21.2514, 81.6296),
    ("Chandigarh", "Chandigarh", 961587, 30.7343, 76.7933),
    ("Guwahati", "Assam", 957352, 26.1722, 91.7458),
    ("Bhubaneswar", "Odisha", 843402, 20.2644, 85.828),
    ("Thiruvananthapuram", "Kerala", 743691, 8.489, 76.952),
    ("Kochi", "Kerala", 602046, 9.9312, 76.2673),
    ("Dehradun", "Uttarakhand", 578420, 30.3165, 78.0322),
    ("Shimla", "Himachal Pradesh", 169578, 31.1048, 77.1734),
    ("Panaji", "Goa", 114405, 15.4909, 73.8278),
)

# Share of UPI transaction count by state, %, NPCI Oct-Dec 2025 (india_payments.json,
# states_upi_share_q4_2025); only the states that have a city above.
STATE_UPI_SHARE_PCT: dict[str, float] = {
    "Maharashtra": 18.37,
    "Uttar Pradesh": 9.40,
    "Karnataka": 9.28,
    "Telangana": 7.11,
    "Tamil Nadu": 6.88,
    "Andhra Pradesh": 4.79,
    "Rajasthan": 4.52,
    "Gujarat": 4.42,
    "Delhi": 4.19,
    "West Bengal": 3.80,
    "Madhya Pradesh": 3.77,
    "Bihar": 3.76,
    "Kerala": 3.56,
    "Haryana": 3.43,
    "Odisha": 2.42,
    "Punjab": 1.88,
    "Assam": 1.78,
    "Jharkhand": 1.51,
    "Chhattisgarh": 1.17,
    "Uttarakhand": 0.98,
    "Jammu And Kashmir": 0.71,
    "Himachal Pradesh": 0.51,
    "Goa": 0.31,
    "Chandigarh": 0.23,
}

CITY_NAMES = np.array([c[0] for c in CITIES])
CITY_STATES = np.array([c[1] for c in CITIES])
CITY_LAT = np.array([c[3] for c in CITIES])
CITY_LON = np.array([c[4] for c in CITIES])
STATE_NAMES = np.array(list(STATE_UPI_SHARE_PCT))
CITY_STATE_INDEX = np.array([list(STATE_NAMES).index(s) for s in CITY_STATES])


def _city_weights() -> np.ndarray:
    population = np.array([c[2] for c in CITIES], dtype=np.float64)
    state_population = np.bincount(CITY_STATE_INDEX, weights=population)
    state_share = np.array(list(STATE_UPI_SHARE_PCT.values()))
    weights = state_share[CITY_STATE_INDEX] * population / state_population[CITY_STATE_INDEX]
    return weights / weights.sum()


CITY_WEIGHTS = _city_weights()
STATE_SHARE = np.array(list(STATE_UPI_SHARE_PCT.values())) / sum(STATE_UPI_SHARE_PCT.values())


def other_city(home: np.ndarray, u: np.ndarray) -> np.ndarray:
    """A city other than ``home``, the busier ones more often, chosen by uniforms ``u``."""
    cumulative = np.cumsum(CITY_WEIGHTS)
    city = np.minimum(np.searchsorted(cumulative, u * cumulative[-1]), len(CITIES) - 1)
    return np.where(city == home, (city + 1) % len(CITIES), city)
