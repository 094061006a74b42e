/** Given names and surnames for generated people: varied enough for 50,000 distinct users. */

export const GIVEN_NAMES = `Aaliyah Aaron Abigail Adam Adele Adrian Ahmed Aisha Alan Alba Alejandro Alex Alexandra Alice Alicia Amara Amelia Amir
Ana Andrea Andrew Angela Anika Anna Anthony Antonio Arjun Arthur Ava Ayesha Beatriz Ben Benjamin Bianca Bilal Brandon Brian Bruno Caitlin
Camila Carla Carlos Caroline Catherine Charlotte Chen Chloe Chris Christina Claire Clara Colin Daniel Daniela David Deepa Diana Diego
Dimitri Dominic Elena Elif Elijah Elisa Elizabeth Ella Emeka Emily Emma Eric Erik Ethan Eva Fatima Felix Fernando Fiona Francesca Gabriel
Gareth Grace Hana Hannah Harper Hassan Helen Henry Hiroshi Hugo Ibrahim Imran Ines Irene Isaac Isabel Ivan Jack Jacob James Jana Jasmine
Javier Jessica Jin Joanna Johan John Jonas Jorge Jose Joseph Julia Julian Kai Karen Karim Kate Kenji Kevin Kim Laila Lars Laura Leah Lena
Leo Liam Lina Linda Lucas Lucy Luis Maya Marco Maria Mariam Mark Marta Mateo Matthew Maya Mei Mia Michael Miguel Mila Mohammed Nadia
Naomi Nathan Nina Noah Nora Olivia Omar Oscar Pablo Paul Pedro Peter Priya Rachel Rahul Raj Rebecca Ricardo Robert Rosa Ryan Sade Samuel
Sana Sara Sebastian Sergei Simon Sofia Sophie Stefan Steven Sunita Tariq Thomas Tobias Tom Valentina Vanessa Victor Wei William Xavier
Yara Yusuf Zainab Zoe`.split(/\s+/);

export const SURNAMES = `Abbott Abe Adeyemi Ahmed Alvarez Andersen Anderson Bailey Baker Banerjee Barnes Becker Bell Bennett Berg Bianchi Bishop
Brooks Brown Bui Campbell Carter Castillo Chan Chavez Chen Clarke Cohen Collins Cooper Costa Cruz Dang Davies Diaz Dubois Edwards Evans
Farah Fernandes Fischer Fitzgerald Flores Fontaine Foster Garcia Gill Gomez Gonzalez Gray Green Gupta Hall Hansen Harris Hayes Hernandez
Hill Hoffmann Holm Hughes Ibrahim Ito Jackson Jansen Jensen Johansson Johnson Jones Kaur Kelly Khan Kim King Klein Kowalski Kumar Larsen
Lee Lewis Li Lindqvist Lopez Martin Martinez Mehta Meyer Miller Mitchell Moore Morales Moreau Morgan Murphy Nakamura Nguyen Nielsen Novak
Nowak Okafor Olsen Ortiz Osei Park Patel Perez Peters Petrov Phillips Popescu Price Quinn Rahman Ramirez Reddy Reyes Richter Rivera Roberts
Robinson Rodriguez Romano Rossi Russo Sanchez Santos Sato Schmidt Schneider Scott Shah Silva Singh Smith Sousa Stewart Suzuki Tanaka Taylor
Thomas Thompson Torres Turner Vargas Varga Walker Wang Ward Watanabe Weber Wilson Wong Wright Wu Yamamoto Yang Young Zhang Zimmermann`.split(/\s+/);
