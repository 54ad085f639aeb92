"""Reference data for India that calibrates the generators.

Sources: city populations and coordinates from Census 2011 (the 30 largest
cities and five more); channel shares of transaction count from RBI Payment System Indicators
FY2024-25, with UPI split into P2M and P2P by NPCI's CY2024 statistics (62.1 %
P2M); mean tickets from the same releases. Net banking's mean ticket is set well
below NEFT's published average (INR 46,115), which includes business payments.
"""

from __future__ import annotations

import numpy as np

TIMEZONE = "Asia/Kolkata"  # every day, hour and partition of SynFinance is local Indian time

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
    ("Coimbatore", "Tamil Nadu", 1050721, 11.00555, 76.96612),
    ("Guwahati", "Assam", 957352, 26.1722, 91.7458),
    ("Chandigarh", "Chandigarh", 961587, 30.7343, 76.7933),
    ("Bhubaneswar", "Odisha", 843402, 20.2644, 85.828),
    ("Thiruvananthapuram", "Kerala", 743691, 8.489, 76.952),
)
CITY_NAMES = np.array([c[0] for c in CITIES])
CITY_STATES = np.array([c[1] for c in CITIES])
CITY_WEIGHTS = np.array([c[2] for c in CITIES], dtype=np.float64) / sum(c[2] for c in CITIES)
CITY_LAT = np.array([c[3] for c in CITIES])
CITY_LON = np.array([c[4] for c in CITIES])

# channel: (share of transaction count, mean ticket in INR)
CHANNELS: dict[str, tuple[float, float]] = {
    "upi_p2m": (0.5380, 634.0),
    "upi_p2p": (0.3284, 2744.0),
    "wallet": (0.0327, 303.0),
    "credit_card": (0.0223, 3295.0),
    "debit_card": (0.0075, 2689.0),
    "net_banking": (0.0711, 9000.0),
}
CHANNEL_NAMES = np.array(list(CHANNELS))
CHANNEL_SHARES = np.array([share for share, _ in CHANNELS.values()])
CHANNEL_MEAN_TICKET = np.array([ticket for _, ticket in CHANNELS.values()])
P2P_CHANNEL = int(np.flatnonzero(CHANNEL_NAMES == "upi_p2p")[0])

# Relative transaction volume by hour of day (IST): a night trough and NPCI's
# peak windows 10:00-13:00 and 17:00-21:30.
HOURLY_VOLUME = np.array(
    [
        0.15,
        0.08,
        0.05,
        0.04,
        0.05,
        0.15,
        0.4,
        0.7,
        0.95,
        1.2,
        1.5,
        1.6,
        1.55,
        1.3,
        1.2,
        1.2,
        1.3,
        1.5,
        1.7,
        1.8,
        1.75,
        1.5,
        0.9,
        0.4,
    ]
)
HOURLY_WEIGHTS = HOURLY_VOLUME / HOURLY_VOLUME.sum()

# merchant category: (MCC, ticket multiplier on the channel's mean, share of merchants)
MERCHANT_CATEGORIES: dict[str, tuple[str, float, float]] = {
    "grocery": ("5411", 0.7, 0.22),
    "restaurants": ("5812", 1.0, 0.12),
    "fast_food": ("5814", 0.4, 0.10),
    "fuel": ("5541", 1.3, 0.07),
    "pharmacy": ("5912", 0.8, 0.07),
    "apparel": ("5651", 2.0, 0.08),
    "electronics": ("5732", 5.0, 0.05),
    "online_marketplace": ("5399", 1.6, 0.09),
    "utilities": ("4900", 2.2, 0.05),
    "telecom": ("4814", 0.9, 0.05),
    "travel": ("4511", 6.0, 0.03),
    "education": ("8220", 8.0, 0.02),
    "jewellery": ("5944", 12.0, 0.02),
    "entertainment": ("7832", 1.1, 0.03),
}
CATEGORY_NAMES = np.array(list(MERCHANT_CATEGORIES))
CATEGORY_MCC = np.array([mcc for mcc, _, _ in MERCHANT_CATEGORIES.values()])
CATEGORY_TICKET_FACTOR = np.array([f for _, f, _ in MERCHANT_CATEGORIES.values()])
CATEGORY_WEIGHTS = np.array([w for _, _, w in MERCHANT_CATEGORIES.values()])
CATEGORY_WEIGHTS = CATEGORY_WEIGHTS / CATEGORY_WEIGHTS.sum()
ONLINE_CATEGORIES = ("online_marketplace", "utilities", "telecom", "travel", "entertainment")
ONLINE_CATEGORY_CODES = np.flatnonzero(np.isin(CATEGORY_NAMES, ONLINE_CATEGORIES))

FIRST_NAMES_F = np.array(
    [
        "Aanya",
        "Ananya",
        "Diya",
        "Isha",
        "Kavya",
        "Meera",
        "Neha",
        "Pooja",
        "Priya",
        "Riya",
        "Sneha",
        "Tanvi",
        "Lakshmi",
        "Fatima",
        "Harpreet",
        "Shreya",
        "Divya",
        "Anjali",
        "Sunita",
        "Nandini",
    ]
)
FIRST_NAMES_M = np.array(
    [
        "Aarav",
        "Arjun",
        "Vihaan",
        "Rohan",
        "Rahul",
        "Amit",
        "Vikram",
        "Karthik",
        "Suresh",
        "Rajesh",
        "Imran",
        "Gurpreet",
        "Aditya",
        "Sanjay",
        "Manoj",
        "Nikhil",
        "Farhan",
        "Deepak",
        "Harish",
        "Anil",
    ]
)
LAST_NAMES = np.array(
    [
        "Sharma",
        "Verma",
        "Patel",
        "Reddy",
        "Iyer",
        "Nair",
        "Gupta",
        "Singh",
        "Kumar",
        "Das",
        "Banerjee",
        "Mukherjee",
        "Joshi",
        "Kulkarni",
        "Desai",
        "Mehta",
        "Khan",
        "Rao",
        "Pillai",
        "Menon",
        "Chatterjee",
        "Agarwal",
        "Bhat",
        "Naidu",
        "Shetty",
        "Malhotra",
        "Kapoor",
        "Chopra",
        "Sinha",
        "Yadav",
    ]
)
OCCUPATIONS = np.array(
    [
        "salaried_private",
        "salaried_government",
        "self_employed",
        "business_owner",
        "student",
        "retired",
        "homemaker",
        "gig_worker",
    ]
)
# income level: (share of customers, median monthly income in INR, daily transactions)
INCOME_LEVELS: dict[str, tuple[float, float, float]] = {
    "low": (0.35, 15000.0, 1.2),
    "lower_middle": (0.30, 30000.0, 1.8),
    "middle": (0.22, 60000.0, 2.5),
    "upper_middle": (0.10, 150000.0, 3.2),
    "high": (0.03, 400000.0, 4.0),
}
INCOME_LEVEL_NAMES = np.array(list(INCOME_LEVELS))
INCOME_LEVEL_SHARES = np.array([s for s, _, _ in INCOME_LEVELS.values()])
INCOME_LEVEL_MEDIAN = np.array([m for _, m, _ in INCOME_LEVELS.values()])
INCOME_LEVEL_DAILY_TXNS = np.array([r for _, _, r in INCOME_LEVELS.values()])
